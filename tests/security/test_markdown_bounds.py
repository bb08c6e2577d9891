"""Every renderer of member text runs on bounded input with a parser whose cost grows
with the input, not its square: the inputs known to stall Markdown parsers, at the
length a member may write, render to what they say (timings: tests/bench)."""

import pytest

from core.text import (
    MARKDOWN_MAX_LENGTH,
    RENDER_MAX_LENGTH,
    render_markdown,
    render_plain_text,
)
from tests.security.markdown_corpus import pathological

CORPUS = pathological(MARKDOWN_MAX_LENGTH)


def test_nested_brackets_that_stalled_a_worker_render_as_text():
    # 16 KB of these held a gunicorn worker for 10 s with Python-Markdown 3.11.3.
    html = render_markdown("[" * 8000 + "]" * 8000)
    assert html == "<p>" + "[" * 8000 + "]" * 8000 + "</p>\n"


def test_unclosed_links_render_as_text():
    # Still quadratic in Python-Markdown 3.11.4: 9 s for 20 KB.
    html = render_markdown("[a](" * (MARKDOWN_MAX_LENGTH // 4))
    assert html.count("[a](") == MARKDOWN_MAX_LENGTH // 4
    assert "<a " not in html


@pytest.mark.parametrize("name", CORPUS)
def test_pathological_markdown_at_the_limit_renders_bounded(name):
    source = CORPUS[name]
    assert len(source) <= MARKDOWN_MAX_LENGTH
    html = render_markdown(source)
    # Escaping at most quadruples a character (< to &lt;); nothing is multiplied.
    assert len(html) < 5 * len(source) + 1000


@pytest.mark.parametrize("name", CORPUS)
def test_pathological_plain_text_renders_bounded(name):
    html = render_plain_text(CORPUS[name])
    assert len(html) < 5 * MARKDOWN_MAX_LENGTH + 1000


def test_deep_nesting_stops_at_a_bounded_depth():
    html = render_markdown("> " * 500 + "deep")
    assert html.count("<blockquote>") <= 20


def test_text_past_the_render_cap_is_shown_as_plain_text():
    source = "*word* " * (RENDER_MAX_LENGTH // 7 + 1)
    html = render_markdown(source)
    assert "<em>" not in html
    assert html.startswith("<p>*word*")


def test_markdown_still_renders_what_members_write():
    html = render_markdown(
        "## Results\n\n*Hello* and **bold**\n\n1. one\n2. two\n\n- a\n- b\n\n"
        "> quoted\n\n[site](https://example.org) [bad](javascript:alert(1))\n\n"
        "<script>alert(1)</script>"
    )
    assert "<h2>Results</h2>" in html
    assert "<em>Hello</em>" in html
    assert "<strong>bold</strong>" in html
    assert "<ol>\n<li>one</li>" in html
    assert "<ul>\n<li>a</li>" in html
    assert "<blockquote>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow ugc noopener"' in html
    assert "javascript:" not in html.replace("[bad](javascript:alert(1))", "")
    assert "<script" not in html
