"""The facet index counts what the SQL facets count, for any filters."""

import pytest

from cases import facet_index, facets
from cases.models import CaseStory
from tests.factories import (
    CaseStoryFactory,
    DimensionFactory,
    DraftCaseStoryFactory,
    InstitutionFactory,
)

pytestmark = pytest.mark.django_db


def sql_counts(name, filters):
    base = CaseStory.objects.published().filtered(**filters)
    if name == "dimension":
        return [(r["slug"], r["count"]) for r in base.dimension_counts()]
    if name == "tag":
        return [(r["slug"], r["count"]) for r in base.tag_counts()]
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
    index = facet_index.build()
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


@pytest.mark.parametrize("sort", ["recent", "popular", "title"])
def test_the_index_pages_as_sql_sorts(sort):
    for number in range(7):
        CaseStoryFactory(
            title=f"{'ba'[number % 2]}story {number % 3}",
            view_count=number % 3,
            countries=["CL"] if number % 2 else ["KR"],
        )
    index = facet_index.build()
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
    assert [entry["url"] for entry in found["entries"]] == [
        facets.list_url(active, sort, country=None if value == current else value)
        for value, _label, _count in rows
    ]
    assert "&lt;M&gt;" in found["html"]
    assert "M%26X" in found["html"]
