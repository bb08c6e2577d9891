"""The facet index counts what the SQL facets count, for any filters."""

import html
import re

import numpy as np
import pytest

from cases import cards, facet_build, facet_index, facets
from cases.models import CaseStory
from taxonomy import services
from taxonomy.models import ThemeTag
from taxonomy.querysets import themes_by_object
from tests.factories import (
    CaseStoryFactory,
    DimensionFactory,
    DraftCaseStoryFactory,
    InstitutionFactory,
)

pytestmark = pytest.mark.django_db


def sql_counts(name, filters, stories=None, language="en"):
    base = (stories or CaseStory.objects.published()).filtered(**filters)
    if name == "dimension":
        return [(r["slug"], r["count"]) for r in base.dimension_counts()]
    if name == "tag":
        return [(r["slug"], r["count"]) for r in base.tag_counts(language)]
    if name == "institution":
        return [(r["slug"], r["count"]) for r in base.institution_counts()]
    return {
        "country": base.country_counts,
        "language": base.language_counts,
        "year": base.year_counts,
    }[name]()


def test_the_index_counts_as_the_sql_facets_do():
    measuring = DimensionFactory()
    learning = DimensionFactory(slug="learning-culture", name="Learning culture")
    alpha = InstitutionFactory(acronym="ALP")
    beta = InstitutionFactory(acronym="BET")
    CaseStoryFactory(
        countries=["CL", "MX"],
        year=2014,
        dimensions=[measuring, learning],
        tags=["health"],
        lead_institution=alpha,
    )
    story = CaseStoryFactory(
        countries=["CL"], year=2015, language="es", dimensions=[measuring]
    )
    story.partner_institutions.add(beta)
    CaseStoryFactory(countries=["KR"], year=2014, tags=["health", "education"])
    DraftCaseStoryFactory(countries=["CL"], year=2014, dimensions=[measuring])
    index = facet_build.build()
    for filters in (
        {},
        {"country": "CL"},
        {"dimension": "measuring-results", "year": 2014},
        {"tag": "health", "language": "en"},
        {"institution": beta.slug},
        {"country": "ZZ"},
    ):
        assert (
            index.count(filters)
            == CaseStory.objects.published().filtered(**filters).count()
        )
        for name in facet_index.FACETS:
            others = {key: value for key, value in filters.items() if key != name}
            assert index.counts(name, others) == list(sql_counts(name, others))


def _versions_and_themes(moderator):
    """A group with an English original and a Spanish version, a group whose
    original is a draft (French and Spanish versions), one theme named by an
    English and a Spanish tag, labelled in French."""
    english = CaseStoryFactory(tags=["disaster risk management"], countries=["CL"])
    CaseStoryFactory(
        language="es",
        translation_of=english,
        tags=["gestión de riesgos", "disaster risk management"],
        countries=["CL"],
    )
    draft = DraftCaseStoryFactory()
    CaseStoryFactory(language="fr", translation_of=draft, tags=["statistique"])
    CaseStoryFactory(language="es", translation_of=draft, tags=["estadística"])
    CaseStoryFactory(tags=["disaster risk management", "statistics"], year=2014)
    theme = ThemeTag.objects.get(tag__name="disaster risk management").theme
    services.merge_themes(
        source=ThemeTag.objects.get(tag__name="gestión de riesgos").theme,
        target=theme,
        actor=moderator,
    )
    services.set_theme_label(
        theme=theme, language="fr", name="gestion des risques", actor=moderator
    )
    return theme


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_index_lists_one_version_a_group_and_themes_as_sql(moderator, language):
    theme = _versions_and_themes(moderator)
    index = facet_build.build()
    for filters in ({}, {"tag": theme.slug}, {"country": "CL"}, {"language": "es"}):
        reader = "" if "language" in filters else language
        shown = CaseStory.objects.published().for_reader(
            language, chosen=filters.get("language", "")
        )
        expected = shown.filtered(**filters).sorted_by("recent")
        assert index.page(filters, "recent", 0, 100, reader) == list(
            expected.values_list("pk", flat=True)
        )
        assert index.count(filters, reader) == expected.count()
        for name in facet_index.FACETS:
            others = {key: value for key, value in filters.items() if key != name}
            assert index.counts(name, others, reader) == list(
                sql_counts(name, others, shown, language)
            )
        labels = {
            row["slug"]: row["name"]
            for row in shown.filtered(**filters).tag_counts(language)
        }
        assert {slug: index.theme_name(slug, language) for slug in labels} == labels


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_index_names_a_story_s_themes_as_its_cards_read_them(moderator, language):
    _versions_and_themes(moderator)
    CaseStoryFactory(tags=["zebra crossings", "Apple growers", "Água", "apple"])
    # A tag naming no theme (added around the services): read in SQL, as the
    # card names it by the tag's own name.
    untied = CaseStoryFactory(tags=["statistics"])
    untied.tags.add("Raw tag")
    index = facet_build.build()
    ids = list(CaseStory.objects.published().values_list("pk", flat=True))
    expected = themes_by_object(CaseStory, ids, language)

    found = index.themes_of(ids, language)

    assert set(found) == set(ids) - {untied.pk}
    assert found == {pk: expected.get(pk, []) for pk in found}


@pytest.mark.parametrize("sort", ["recent", "popular", "title"])
def test_the_index_pages_as_sql_sorts(sort):
    for number in range(7):
        CaseStoryFactory(
            title=f"{'ba'[number % 2]}story {number % 3}",
            view_count=number % 3,
            countries=["CL"] if number % 2 else ["KR"],
        )
    index = facet_build.build()
    stories = CaseStory.objects.published()
    for filters in ({}, {"country": "CL"}):
        expected = list(
            stories.filtered(**filters).sorted_by(sort).values_list("pk", flat=True)
        )
        assert index.page(filters, sort, 0, 100) == expected
        assert index.page(filters, sort, 1, 3) == expected[1:3]


@pytest.mark.parametrize(
    "active",
    [{}, {"country": "CL"}, {"q": "a b", "year": 2014, "country": "CL"}],
)
@pytest.mark.parametrize("sort", ["", "title"])
def test_facet_addresses_are_those_list_url_writes(active, sort):
    rows = [("CL", "Chile", 2), ("KR", "South Korea", 1), ("M&X", "<M>", 1)]
    found = facets.facet("country", rows, "Country", active, {}, sort)
    current = active.get("country")
    hrefs = re.findall(r'href="([^"]*)"', found["html"])
    assert [html.unescape(href) for href in hrefs] == [
        facets.list_url(active, sort, country=None if value == current else value)
        for value, _label, _count in rows
    ]
    assert "&lt;M&gt;" in found["html"]
    assert "M%26X" in found["html"]


@pytest.mark.django_db(False)
def test_a_facet_counts_the_same_story_by_story_pair_by_pair_and_by_bitmap():
    rng = np.random.default_rng(29)
    size = 500
    # Stories with no value, with one, with several; the last ones with none.
    pairs = {
        value: sorted(
            {int(at) for at in rng.integers(0, size - 20, rng.integers(0, 60))}
        )
        for value in range(40)
    }
    facet = facet_index.Facet.of(pairs)
    masks = [
        np.zeros(size, dtype=bool),
        np.ones(size, dtype=bool),
        *(rng.random(size) < share for share in (0.01, 0.1, 0.2, 0.5)),
    ]
    masks[2][-1] = True  # a story without values, past every story having one
    for mask in masks:
        expected = np.zeros(len(facet.values), dtype=np.int64)
        for code, value in enumerate(facet.values):
            expected[code] = sum(1 for at in pairs[value] if mask[at])
        by_story = facet.totals_by_story(np.flatnonzero(mask), size)
        assert by_story.tolist() == expected.tolist()
        assert facet.totals_by_pair(mask).tolist() == expected.tolist()
        assert facet.totals_by_bitmap(mask).tolist() == expected.tolist()
        assert facet.totals(mask).tolist() == expected.tolist()


@pytest.mark.django_db(False)
def test_a_facet_of_one_value_a_story_counts_through_each_story_s_value():
    rng = np.random.default_rng(31)
    size = 300
    # A year a story, or none; the last stories have none.
    years = {at: int(rng.integers(2000, 2010)) for at in range(size - 20) if at % 7}
    pairs = {}
    for at, year in years.items():
        pairs.setdefault(year, []).append(at)
    facet = facet_index.Facet.of(pairs)
    assert facet.single(size) is not None
    for share in (0.0, 0.05, 0.5, 1.0):
        mask = rng.random(size) < share
        expected = [
            sum(1 for at, year in years.items() if year == value and mask[at])
            for value in facet.values
        ]
        assert facet.totals(mask).tolist() == expected
        assert facet.totals(mask, np.flatnonzero(mask)).tolist() == expected
    several = facet_index.Facet.of({"a": [0, 1], "b": [1]})
    assert several.single(2) is None


def test_the_index_keeps_a_page_s_masks_unchangeable():
    CaseStoryFactory(countries=["CL"])
    index = facet_build.build()
    mask = index.matching({"country": "CL"}, "en")
    assert index.matching({"country": "CL"}, "en") is mask
    with pytest.raises(ValueError, match="read-only"):
        mask &= False


def test_the_index_gives_a_page_s_dimensions_as_its_rows_do():
    measuring = DimensionFactory()
    learning = DimensionFactory(slug="learning-culture", name="Learning culture")
    stories = [
        CaseStoryFactory(dimensions=[measuring, learning]),
        CaseStoryFactory(dimensions=[learning]),
        CaseStoryFactory(),
    ]
    draft = DraftCaseStoryFactory(dimensions=[measuring])
    index = facet_build.build()
    found = index.dimensions_of([story.pk for story in [*stories, draft]])
    assert draft.pk not in found
    for story in stories:
        assert found[story.pk] == [d.slug for d in story.dimensions.all()]


def test_a_page_s_cards_read_the_same_whatever_the_index_lacks(monkeypatch):
    learning = DimensionFactory(slug="learning-culture", name="Learning culture")
    lead = InstitutionFactory(name="Alpha", acronym="")
    CaseStoryFactory(dimensions=[learning], tags=["health"], lead_institution=lead)
    CaseStoryFactory(tags=["education", "health"], view_count=1234, outdated=True)
    CaseStoryFactory(lead_institution=InstitutionFactory(acronym="BET"))

    def page_cards():
        stories = facet_index.Stories({}, "title")[0:12]
        return stories, cards.rendered(stories, show_views=True)

    cards._kept.clear()
    rows, shown = page_cards()
    assert {type(story) for story in rows} == {cards.Row}
    for lacking in ("dimensions_of", "themes_of"):
        with monkeypatch.context() as patched:
            patched.setattr(facet_index.FacetIndex, lacking, lambda *args: {})
            cards._kept.clear()
            stories, again = page_cards()
        assert {type(story) for story in stories} == {CaseStory}
        assert again == shown
    assert "Alpha" in "".join(shown)
