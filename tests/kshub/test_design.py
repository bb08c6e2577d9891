"""The design's promises that the server keeps: the header, forms, lists with
folded filters, event pages, plain-text snippets and compressed pages."""

import datetime
import gzip
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from core.search import START_SEL, STOP_SEL, safe_snippet
from core.text import strip_markdown
from tests import factories

pytestmark = pytest.mark.django_db


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


# The header


def test_header_folds_the_navigation_into_a_menu_and_offers_three_languages(client):
    html = client.get("/").text
    header = html.split("</header>", 1)[0]
    assert '<details class="menu">' in header
    assert header.count('aria-label="Main"') == 1
    assert '<strong class="language-current" lang="en"' in header
    for code in ("es", "fr"):
        assert f'name="language" value="{code}" lang="{code}"' in header
    assert "<select" not in header
    assert "<svg" in header  # the wordmark's logo, inline: no request


def test_each_search_form_and_navigation_has_its_own_name(member_client):
    def names(html):
        return re.findall(r'<(?:form|nav)[^>]*aria-label="([^"]+)"', html)

    for path in (reverse("cases:list"), "/search/?q=knowledge", reverse("members:me")):
        found = names(member_client.get(path).text)
        assert len(found) == len(set(found)), (path, found)


# Forms


def test_labels_have_no_colon_and_checkboxes_sit_beside_their_labels(client):
    html = main_of(client.get(reverse("account_login")).text)
    assert '<label for="id_login">Email</label>' in html
    assert ":</label>" not in html
    assert re.search(
        r'<div class="check"><input type="checkbox"[^>]*id="id_remember"> '
        r'<label for="id_remember">',
        html,
    )
    assert html.count(reverse("account_reset_password")) == 1


def test_no_select_offers_dashes_as_an_empty_choice(member_client):
    html = member_client.get(reverse("cases:new")).text
    assert "---------" not in html


# Lists and cards


def test_case_list_folds_its_filters_and_counts_the_active_ones(client):
    story = factories.CaseStoryFactory()
    dimension = factories.DimensionFactory()
    story.dimensions.add(dimension)
    html = client.get(reverse("cases:list") + f"?dimension={dimension.slug}").text
    assert '<details class="filters"><summary>Filter (1 active)</summary>' in html
    plain = client.get(reverse("cases:list")).text
    assert '<details class="filters"><summary>Filter</summary>' in plain
    # The results come right after the folded filters.
    assert plain.index('class="filters"') < plain.index('id="results-heading"')


def test_zero_counts_are_not_shown_as_news(client):
    story = factories.CaseStoryFactory(title="Unread story")
    institution = factories.InstitutionFactory(verified=True)
    cases = client.get(reverse("cases:list")).text
    assert "0 views" not in cases
    assert "0 views" not in client.get(story.get_absolute_url()).text
    institutions = client.get(reverse("members:institutions")).text
    assert institution.name in institutions
    assert "0 members" not in institutions
    assert "0 case stories" not in institutions


def test_a_member_card_is_never_blank(client):
    factories.ProfileFactory(
        display_name="Quiet Member",
        show_position=False,
        show_institution=False,
        show_country=False,
        show_expertise=False,
    )
    html = client.get(reverse("members:directory")).text
    card = html.split("Quiet Member", 1)[1].split("</article>", 1)[0]
    assert "keeps their details private" in card
    assert '<span class="avatar" aria-hidden="true">Q</span>' in html


def test_a_story_shows_its_facts_in_one_line_and_its_text_before_them(client):
    story = factories.CaseStoryFactory(context="What the **context** was.")
    html = main_of(client.get(story.get_absolute_url()).text)
    assert '<ul class="story-facts"' in html
    assert html.index("<strong>context</strong>") < html.index('class="case-facts"')


# Events


def _past_event_with_programme():
    today = timezone.localdate()
    event = factories.EventFactory(
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=399),
    )
    for day, title in ((0, "Roundtable: Measuring results"), (1, "Closing plenary")):
        starts = datetime.datetime.combine(
            event.starts_on + datetime.timedelta(days=day),
            datetime.time(1),
            tzinfo=datetime.UTC,
        )
        session = factories.SessionFactory(
            event=event, title=title, starts_at=starts, kind="roundtable"
        )
        factories.SpeakerFactory(session=session, name=f"Speaker {day}")
    factories.DocumentFactory(event=event, title="Seoul Communiqué")
    return event


def test_event_programme_has_day_links_a_time_column_and_plain_titles(client):
    event = _past_event_with_programme()
    html = client.get(event.get_absolute_url()).text
    assert html.count('<a href="#day-') == 2
    assert 'id="day-1"' in html
    assert 'id="day-2"' in html
    assert '<p class="session-time">' in html
    assert ">Measuring results</a>" in html
    assert "Roundtable: Measuring results</a>" not in html
    assert ">Closing plenary</a>" in html  # no prefix: left as it is
    assert '<details class="speakers"><summary>1 speaker</summary>' in html


def test_a_past_event_opens_with_its_outcomes_and_offers_no_registration(client):
    event = _past_event_with_programme()
    html = main_of(client.get(event.get_absolute_url()).text)
    assert "registration-heading" not in html
    assert reverse("events:calendar", args=[event.slug]) not in html
    assert html.index("Seoul Communiqué") < html.index('id="programme-heading"')


def test_an_upcoming_event_keeps_its_registration_box_first(client):
    event = factories.EventFactory()
    factories.DocumentFactory(event=event, title="Concept note")
    html = main_of(client.get(event.get_absolute_url()).text)
    assert html.index("registration-heading") < html.index("Concept note")
    assert reverse("events:calendar", args=[event.slug]) in html


# Plain text where Markdown was written


def test_markdown_marks_are_stripped_from_plain_text():
    assert strip_markdown("*capacity to capture*") == "capacity to capture"
    assert strip_markdown("cited for the area: *") == "cited for the area:"
    assert strip_markdown(r"\*kept\* **bold** [a link](https://x.example)") == (
        "*kept* bold a link"
    )
    assert strip_markdown("## Heading\n- item\n> quote `code`") == (
        "Heading\nitem\nquote code"
    )
    assert strip_markdown("snake_case stays") == "snake_case stays"


def test_search_snippets_show_no_markdown_and_keep_their_highlights():
    snippet = safe_snippet(f"the *{START_SEL}capacity{STOP_SEL} to* <b>")
    assert snippet == "the <mark>capacity</mark> to &lt;b&gt;"


def test_summaries_are_shown_without_markdown(client):
    factories.CaseStoryFactory(summary="A **bold** _claim_ about *capacity*.")
    html = client.get(reverse("cases:list")).text
    assert "A bold claim about capacity." in html
    assert "**" not in main_of(html)


# Compression


def test_pages_are_sent_compressed_and_stay_light(client):
    story = factories.CaseStoryFactory()
    for path in ("/", reverse("cases:list"), story.get_absolute_url()):
        response = client.get(path, headers={"accept-encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip", path
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content).startswith(b"<!doctype html>")
        assert len(response.content) < 40 * 1024


def test_a_members_own_pages_are_not_compressed(member_client):
    for path in (reverse("members:me"), reverse("account_email")):
        response = member_client.get(path, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200, path
        assert not response.has_header("Content-Encoding"), path
    # A visitor's sign-in page holds no one's data: compressed.
    member_client.logout()
    visitor = member_client.get(
        reverse("account_login"), headers={"accept-encoding": "gzip"}
    )
    assert visitor["Content-Encoding"] == "gzip"


def test_each_compressed_page_carries_a_different_csrf_token(client):
    """BREACH needs the same secret bytes in every response: the token is masked
    anew each time, and the compressed lengths are padded at random."""
    client.get("/")
    bodies = [
        gzip.decompress(
            client.get("/", headers={"accept-encoding": "gzip"}).content
        ).decode()
        for _ in range(2)
    ]
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
        for body in bodies
    ]
    assert tokens[0] != tokens[1]


# The style guide


def test_style_guide_shows_every_component_in_development_only(client, settings):
    assert client.get("/styleguide/").status_code == 404  # the production URLs
    settings.ROOT_URLCONF = "kshub.dev_urls"
    html = client.get("/styleguide/").text
    for component in (
        'class="swatches"',
        'class="button"',
        'class="badge"',
        'class="card"',
        'class="figures"',
        'class="story-facts"',
        '<div class="check"><input type="checkbox"',
        'class="errorlist"',
        'class="message message-error"',
        'class="empty"',
        'class="past-note"',
        '<details class="filters">',
        'class="pagination"',
        'class="session"',
        '<details class="speakers">',
        "Choose…",
    ):
        assert component in html, component
    assert "---------" not in html
    assert ":</label>" not in html
