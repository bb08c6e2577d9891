import pytest
from django.core.exceptions import PermissionDenied

from cases import services
from cases.models import CaseStory
from core.models import AuditEntry
from core.search import safe_snippet
from tests.factories import (
    DimensionFactory,
    IndexedCaseStoryFactory,
    InstitutionFactory,
)

pytestmark = pytest.mark.django_db


def search(q):
    return list(CaseStory.objects.published().matching(q).ranked(q))


def test_search_ranks_a_title_hit_above_a_body_hit():
    body_hit = IndexedCaseStoryFactory(
        title="Learning from neighbours", lessons="Good governance took years."
    )
    title_hit = IndexedCaseStoryFactory(title="Governance of knowledge hubs")
    IndexedCaseStoryFactory(title="Unrelated story")
    assert search("governance") == [title_hit, body_hit]


def test_search_finds_spanish_words_by_their_stem():
    case = IndexedCaseStoryFactory(
        title="Escuelas rurales",
        language="es",
        solution="Los municipios capacitaron a los maestros rurales.",
    )
    assert search("capacitación de maestro") == [case]
    assert search("municipio") == [case]


def test_search_finds_spanish_words_without_their_accents():
    case = IndexedCaseStoryFactory(
        title="Educación financiera", language="es", summary="Niños y familias."
    )
    assert search("educacion") == [case]
    assert search("ninos") == [case]


def test_search_finds_oportunidades_for_oportunidad():
    spanish = IndexedCaseStoryFactory(
        title="Oportunidades: transferencias condicionadas", language="es"
    )
    english = IndexedCaseStoryFactory(
        title="Lessons from Mexico", context="The Oportunidades programme."
    )
    assert set(search("Oportunidad")) == {spanish, english}


def test_search_uses_themes_and_institution_names():
    institution = InstitutionFactory(name="Fondo de Solidaridad", acronym="FOSIS")
    case = IndexedCaseStoryFactory(
        lead_institution=institution, tags=["social protection"]
    )
    assert search("FOSIS") == [case]
    assert search("protection") == [case]


def test_search_vector_follows_updates(member):
    case = services.create_case_story(author=member, title="Draft", summary="Plain.")
    services.update_case_story(
        case_story=case, author=member, title="Irrigation cooperatives", tags=["water"]
    )
    found = CaseStory.objects.matching("irrigation")
    assert list(found) == [case]
    assert list(CaseStory.objects.matching("water")) == [case]
    assert not CaseStory.objects.matching("draft").exists()


def test_search_snippets_highlight_and_escape():
    IndexedCaseStoryFactory(summary="<b>Water</b> costs < 5 <script>x</script>")
    (case,) = CaseStory.objects.matching("water").ranked("water")
    html = safe_snippet(case.snippet)
    assert "<mark>Water</mark>" in html
    assert "<script>" not in html
    assert "<b>" not in html
    assert "costs &lt; 5" in html


def test_fuzzy_matching_finds_typos_and_partial_words():
    case = IndexedCaseStoryFactory(title="Disaster risk management in Indonesia")
    assert search("disastr") == []
    assert list(CaseStory.objects.fuzzy_matching("disastr")) == [case]
    assert list(CaseStory.objects.fuzzy_matching("Indones")) == [case]


def test_search_ranks_a_bounded_set_of_candidates(monkeypatch):
    monkeypatch.setattr("cases.querysets.SEARCH_CANDIDATES", 2)
    for number in range(3):
        IndexedCaseStoryFactory(title=f"Governance lesson {number}")
    IndexedCaseStoryFactory(title="Unrelated story")

    found = search("governance")

    assert len(found) == 2
    assert all("Governance" in case.title for case in found)
    assert CaseStory.objects.published().filtered(q="governance").count() == 3


def test_case_list_says_when_a_broad_search_is_capped(client, monkeypatch):
    monkeypatch.setattr("cases.views.SEARCH_CANDIDATES", 2)
    monkeypatch.setattr("cases.querysets.SEARCH_CANDIDATES", 2)
    for number in range(3):
        IndexedCaseStoryFactory(title=f"Governance lesson {number}")

    broad = client.get("/cases/", {"q": "governance"}).content.decode()
    narrow = client.get("/cases/", {"q": "lesson 1"}).content.decode()

    assert "A broad search" in broad
    assert "A broad search" not in narrow
    # The facets count among the stories listed, not every match.
    assert '<span class="count">(2)</span>' in broad
    assert '<span class="count">(3)</span>' not in broad


def test_search_finds_a_story_by_its_dimensions_name():
    dimension = DimensionFactory()
    case = IndexedCaseStoryFactory(title="Counting outcomes", dimensions=[dimension])
    assert search("measuring") == [case]


def test_renaming_a_dimension_refreshes_its_stories_vectors(moderator):
    dimension = DimensionFactory()
    tagged = IndexedCaseStoryFactory(
        title="Counting outcomes", dimensions=[dimension], tags=["water"]
    )
    other = IndexedCaseStoryFactory(title="Counting wells", tags=["water"])

    services.rename_dimension(
        dimension=dimension, name="Evidence of impact", moderator=moderator
    )

    assert search("evidence") == [tagged]
    assert search("measuring") == []
    # The rest of each vector is rebuilt as it was: the themes, the titles.
    assert set(search("water")) == {tagged, other}
    assert AuditEntry.objects.filter(action="dimension.rename").count() == 1


def test_only_a_moderator_renames_a_dimension(member):
    with pytest.raises(PermissionDenied):
        services.rename_dimension(
            dimension=DimensionFactory(), name="Anything", moderator=member
        )
