"""Reading Ning's files: the noise around real exports, dates, and HTML."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from ning.markup import to_markdown, to_plain_text
from ning.reading import ExportError, parse_date, read_items, tags_of, text_of

UTC = ZoneInfo("UTC")
SEOUL = ZoneInfo("Asia/Seoul")


def items(tmp_path, text: str) -> list:
    path = tmp_path / "ning-blogs-local.json"
    path.write_text(text, encoding="utf-8")
    return [(item.ning_id, item.line) for item in read_items(path, "blogs")]


@pytest.mark.parametrize(
    "text",
    [
        '[{"id": "a"},\n{"id": "b"}]',
        '([{"id": "a"},\n{"id": "b"}])\n',
        '\ufeff  ([{"id": "a"}\n{"id": "b"}]])',
        '[{"id": "a"}]\n[{"id": "b"}]',
        '[{"id": "a"}][{"id": "b"}]);',
    ],
)
def test_reading_tolerates_the_noise_of_real_exports(tmp_path, text):
    assert [ning_id for ning_id, _line in items(tmp_path, text)] == ["a", "b"]


def test_reading_gives_each_item_its_line(tmp_path):
    text = '([\n {"id": "a",\n  "title": "x"},\n {"id": "b"}\n])'
    assert items(tmp_path, text) == [("a", 2), ("b", 4)]


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('[{"id": "a"},\n{"id": "b",}]', 2, "malformed JSON"),
        ('[{"id": "a"},\n"b"]', 2, "not a JSON object"),
        ("", 1, "not a Ning export"),
        ('{"id": "a"}', 1, "not a Ning export"),
        ('[{"id": "a"}]\nthe end', 2, "malformed JSON"),
    ],
)
def test_reading_bad_input_names_the_line(tmp_path, text, line, problem):
    with pytest.raises(ExportError) as error:
        items(tmp_path, text)
    assert error.value.line == line
    assert problem in error.value.problem
    assert "ning-blogs-local.json" in str(error.value)


def test_reading_drops_escaped_nul(tmp_path):
    path = tmp_path / "ning-blogs-local.json"
    path.write_text('[{"id": "a", "title": "x\\u0000y"}]')
    assert next(read_items(path, "blogs")).data["title"] == "xy"


@pytest.mark.parametrize(
    ("value", "zone", "expected"),
    [
        ("2014-07-06T13:52:00.000Z", SEOUL, "2014-07-06T13:52:00+00:00"),
        ("2014-07-06T22:52:00+09:00", UTC, "2014-07-06T22:52:00+09:00"),
        ("2014-07-06 13:52:00", UTC, "2014-07-06T13:52:00+00:00"),
        ("2014-07-06T13:52:00", SEOUL, "2014-07-06T13:52:00+09:00"),
        ("2014-07-06", UTC, "2014-07-06T00:00:00+00:00"),
        ("September 29, 2014 at 5:24pm", UTC, "2014-09-29T17:24:00+00:00"),
        ("July 6, 2014 at 12:05am", UTC, "2014-07-06T00:05:00+00:00"),
    ],
)
def test_reading_dates_with_and_without_zones(value, zone, expected):
    assert parse_date(value, zone).isoformat() == expected


@pytest.mark.parametrize("value", ["", None, "yesterday", "Smarch 3, 2014"])
def test_reading_refuses_what_is_not_a_date(value):
    with pytest.raises(ValueError):  # noqa: PT011
        parse_date(value, UTC)


def test_reading_values_decode_entities_and_tags():
    assert text_of(" Monitoring &amp; Evaluation ") == "Monitoring & Evaluation"
    assert tags_of({"tagNames": "a, b,a"}) == ["a", "b"]
    assert tags_of({"tags": ["M&amp;E", "", None, 3]}) == ["M&E", "3"]
    assert isinstance(parse_date("2014-07-06", UTC), datetime.datetime)


def stored(src: str) -> str | None:
    """As the import's resolver: files of blogs/ are in the export."""
    return f"/media/ning/{src.split('?')[0]}" if src.startswith("blogs/") else None


def test_markup_keeps_structure_and_makes_media_links():
    html = (
        "<h1>Title</h1><p>Some <b>bold</b> and <i>italic</i> 1*2_3<br/>next</p>"
        '<ul><li>one</li><li>two <a href="http://example.org/a">link</a></li></ul>'
        '<p><img src="blogs/photo.jpg?width=600" alt="A photo"></p>'
        '<iframe src="//www.youtube.com/embed/abc"></iframe>'
    )
    markdown, missing = to_markdown(html, stored)
    assert "## Title" in markdown
    assert "Some **bold** and *italic* 1\\*2\\_3\\\nnext" in markdown
    assert "- one\n- two [link](http://example.org/a)" in markdown
    assert "[A photo](/media/ning/blogs/photo.jpg)" in markdown
    assert "(https://www.youtube.com/embed/abc)" in markdown
    assert missing == []


def test_markup_drops_scripts_and_dangerous_links():
    html = (
        "<p>Hi<script>alert(1)</script></p><style>p{}</style>"
        '<a href="javascript:alert(1)">x</a><img src="data:image/png;base64,AA">'
        '<img src="photos/gone.png" alt="gone">'
    )
    markdown, missing = to_markdown(html, stored)
    assert "alert" not in markdown
    assert "javascript" not in markdown
    assert "data:" not in markdown
    assert "gone" in markdown
    assert missing == ["photos/gone.png"]


def test_markup_plain_text_writes_links_out():
    text, _missing = to_plain_text(
        'See <a href="http://example.org/guide">the guide</a>.<br>Thanks &amp; bye',
        stored,
    )
    assert text == "See the guide (http://example.org/guide).\nThanks & bye"
    simple, _missing = to_plain_text("<p>One</p><p>Two&nbsp;<i>three</i></p>", stored)
    assert simple == "One\nTwo three"
