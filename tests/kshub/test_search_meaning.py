"""The site search finds what people mean on the demo: names, session titles,
typos (through the lexicon) and Spanish or French words (through the synonyms)."""

import pytest

from comments.models import Comment
from core.models import SearchWord
from kshub import synonyms
from kshub.search import search_everything, shown_snippets
from tests.factories import IndexedCaseStoryFactory, ProfileFactory
from tests.shared_demo import demo_for_a_group

pytestmark = pytest.mark.django_db

POLICY_PANEL = "/events/hlm2-seoul-2014/sessions/policy-panel/"


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker):
    with demo_for_a_group(django_db_blocker, "refresh_search_lexicon"):
        yield


@pytest.mark.usefixtures("demo")
class TestOnTheDemo:
    """The demo, loaded once for these tests."""

    @pytest.mark.parametrize(
        ("q", "first"),
        [
            (
                "Fostering partnerships",
                "/events/hlm2-seoul-2014/sessions/roundtable-partnerships/",
            ),
            ("Duncan-Cassell", POLICY_PANEL),
            ("Cassel", POLICY_PANEL),
            ("disater", "/institutions/bnpb/"),
            ("oportunidade", "/cases/oportunidades-monitoring-and-evaluation/"),
            (
                "gestión del conocimiento",
                "/events/hlm2-seoul-2014/sessions/roundtable-governance-model/",
            ),
            ("évaluation des résultats", "/cases/dane-monitoring-and-evaluation/"),
        ],
    )
    def test_demo_queries_bring_the_right_item_first(self, q, first):
        found = search_everything(q)
        assert first in [result.url for result in found.results[:3]]

    def test_a_typo_is_searched_as_the_closest_word_and_said(self, client):
        found = search_everything("disater")
        assert found.corrected == "disaster"
        response = client.get("/search/", {"q": "disater"})
        assert "Showing the results for “disaster”" in response.text

    def test_the_kind_filter_lists_one_kind_with_every_count(self, client):
        response = client.get("/search/", {"q": "knowledge", "kind": "session"})
        found = response.context["found"]
        assert {result.kind for result in found["results"]} == {"session"}
        counts = {f["name"]: f["count"] for f in found["filters"]}
        assert counts["session"] > 0
        assert counts["case"] > 0
        assert "kind=case" in response.text

    def test_an_unknown_kind_lists_everything(self, client):
        response = client.get("/search/", {"q": "knowledge", "kind": "nope<script>"})
        assert response.status_code == 200
        assert len({r.kind for r in response.context["found"]["results"]}) > 1

    def test_a_comment_is_found_in_its_discussion(self):
        comment = Comment.objects.filter(status="visible").first()
        word = comment.body.split()[3].strip(".,;:!?")
        found = search_everything(word, kind="comment")
        titles = [result.title for result in found.results if result.kind == "comment"]
        assert titles
        assert titles[0].startswith("In the discussion of")


def test_members_are_found_by_what_they_show_only():
    ProfileFactory(
        display_name="Amara Okafor", position="Hydrologist", show_position=False
    )
    assert [r.title for r in search_everything("Okafor").results] == ["Amara Okafor"]
    assert search_everything("hydrologist").total == 0


def test_a_saved_story_brings_its_words_into_the_lexicon():
    IndexedCaseStoryFactory(title="Mangroves restored")
    assert SearchWord.objects.filter(word="mangroves").exists()
    assert search_everything("mangrves").corrected == "mangroves"


def test_synonyms_are_data_in_three_languages():
    assert synonyms.SYNONYMS_FILE.suffix == ".yaml"
    assert "knowledge management" in synonyms.related_terms("gestión del conocimiento")
    assert "gestión del conocimiento" in synonyms.related_terms("Knowledge Management")


def test_snippets_escape_what_members_wrote():
    IndexedCaseStoryFactory(summary="<script>alert(1)</script> Irrigation plans")
    found = search_everything("irrigation")
    (snippet,) = shown_snippets(found, found.results[:1])
    assert "<script>" not in snippet
    assert "<mark>Irrigation</mark>" in snippet
