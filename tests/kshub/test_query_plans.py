"""The planner reads case stories through indexes, never by scanning the table.

A few thousand generated stories with fresh statistics make the planner's choice
meaningful: on a handful of rows a sequential scan is legitimately cheapest. The
queries are built the way the case list and search views build them.
"""

import json

import pytest
from django.db import connection

from cases import services as case_services
from cases.models import CaseStory, Dimension
from core.paginators import DEFERRED_JOIN_FROM
from tests import factories
from tests.bench import load_data
from tests.kshub.generated import generate_library, module_library

pytestmark = pytest.mark.django_db

STORIES = 5000


def _generate():
    generate_library(stories=STORIES, institutions=30, events=1)
    load_data.analyze_tables()


library = module_library(_generate)


def _scans_of_stories(queryset) -> list[str]:
    """Node types that read cases_casestory in the query's plan."""
    plan = json.loads(queryset.explain(format="json"))
    found = []

    def walk(node):
        if node.get("Relation Name") == CaseStory._meta.db_table:
            found.append(node["Node Type"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


def _list_queries() -> dict:
    published = CaseStory.objects.published()
    dimension = Dimension.objects.order_by("position")[0].slug
    country = published.values_list("countries", flat=True).exclude(countries=[])[0][0]
    page = 20
    return {
        "list, page 1": published.filtered().sorted_by("recent").for_cards()[:page],
        # A deep page's ids, as CountCachedPaginator reads them (the first it
        # reads so; deeper into these few rows a scan is rightly cheaper).
        "list, deep page": published.filtered()
        .sorted_by("recent")
        .values_list("pk", flat=True)[DEFERRED_JOIN_FROM : DEFERRED_JOIN_FROM + page],
        "list, by dimension and country": published.filtered(
            dimension=dimension, country=country
        )
        .sorted_by("recent")
        .for_cards()[:page],
        "list, most viewed": published.filtered().sorted_by("popular")[:page],
        "list, by title": published.filtered().sorted_by("title")[:page],
    }


def _search_queries() -> dict:
    published = CaseStory.objects.published()
    return {
        f"search {word!r}": published.filtered(q=word).ranked(word).for_cards()[:20]
        for word in (load_data.COMMON_WORD, load_data.RARE_WORD)
    }


def test_case_list_queries_use_indexes(library):
    scans = {name: _scans_of_stories(qs) for name, qs in _list_queries().items()}

    sequential = {name: nodes for name, nodes in scans.items() if "Seq Scan" in nodes}
    assert not sequential, f"sequential scans of the stories table: {sequential}"


def test_search_queries_use_indexes(library):
    queries = _search_queries()
    scans = {name: _scans_of_stories(qs) for name, qs in queries.items()}

    sequential = {name: nodes for name, nodes in scans.items() if "Seq Scan" in nodes}
    plans = "\n".join(queries[name].explain() for name in sequential)
    assert not sequential, (
        f"sequential scans of the stories table: {sequential}\n{plans}"
    )


def test_generated_search_vector_matches_the_write_layer():
    lead = factories.InstitutionFactory(name="Korea Development Institute")
    story = factories.CaseStoryFactory(
        slug=f"{load_data.PREFIX}vector",
        language="es",
        lead_institution=lead,
        title="Educación digital en zonas rurales",
    )
    story.tags.add("aprendizaje entre pares", "open data")
    story.partner_institutions.add(factories.InstitutionFactory(acronym="CIPS"))
    case_services.refresh_search_vector(case_story=story)
    expected = _lexemes(story.pk)

    CaseStory.objects.filter(pk=story.pk).update(search_vector=None)
    load_data.fill_search_vectors(stories=CaseStory.objects.filter(pk=story.pk))

    assert _lexemes(story.pk) == expected
    assert expected


def _lexemes(pk: int) -> set[tuple[str, tuple[str, ...]]]:
    """The vector's words and their weights (positions depend on word order)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme, weights FROM cases_casestory, unnest(search_vector)"
            " WHERE id = %s",
            [pk],
        )
        return {(lexeme, tuple(sorted(weights))) for lexeme, weights in cursor}
