"""The facet index after a change: brought up to date without being built again,
exact for the stories that changed (the same counts and pages as a new index),
and built again once, by one worker, when a change touches every story."""

import pytest
from django.urls import reverse

from cases import facet_build, facet_index, facet_updates
from cases.models import CaseStory
from core.journal import STORIES, head
from tests.factories import (
    CaseStoryFactory,
    DimensionFactory,
    DraftCaseStoryFactory,
)

pytestmark = pytest.mark.django_db

FILTERS = ({}, {"country": "CL"}, {"dimension": "measuring-results"}, {"year": 2014})


def assert_same(patched, built, language="en"):
    ids = built.ids.tolist()
    assert patched.themes_of(ids, language) == built.themes_of(ids, language)
    # Each story's values, as the cards and the selective counts read them.
    ours, theirs = patched._positions(ids), built._positions(ids)
    for name in facet_index.FACETS:
        for pk in ids:
            assert sorted(patched._codes_of(name, ours[pk]), key=str) == sorted(
                built._codes_of(name, theirs[pk]), key=str
            )
    for filters in FILTERS:
        for reader in ("", language):
            assert patched.count(filters, reader) == built.count(filters, reader)
            for sort in ("recent", "popular", "title"):
                assert patched.page(filters, sort, 0, 100, reader) == built.page(
                    filters, sort, 0, 100, reader
                )
            for name in facet_index.FACETS:
                others = {k: v for k, v in filters.items() if k != name}
                assert patched.counts(name, others, reader) == built.counts(
                    name, others, reader
                )


def test_a_merged_index_counts_and_pages_as_a_new_one():
    measuring = DimensionFactory()
    stories = [
        CaseStoryFactory(
            title=f"{'mb'[n % 2]} story {n}",
            countries=["CL"] if n % 2 else ["KR"],
            year=2014 + n % 2,
            dimensions=[measuring] if n % 3 else [],
            tags=["health"] if n % 2 else ["education"],
            view_count=n % 4,
        )
        for n in range(9)
    ]
    draft = DraftCaseStoryFactory(countries=["CL"], year=2014)
    index = facet_build.build()
    for facet in index.facets.values():  # as a worker serving pages has them
        facet.by_story(index.size)
    # A story published, one archived, one moved to another country and theme
    # and renamed, a Spanish version of another.
    draft.status, draft.published_at = "published", stories[0].published_at
    draft.save()
    stories[1].status = "archived"
    stories[1].save()
    moved = stories[2]
    moved.title, moved.countries, moved.year = "a first title", ["CL"], 2014
    moved.save()
    moved.tags.set(["health", "water"])
    moved.dimensions.add(measuring)
    CaseStoryFactory(language="es", translation_of=stories[3], countries=["CL"])
    changed = {draft.pk, stories[1].pk, moved.pk, stories[3].pk}
    changed |= set(CaseStory.objects.filter(language="es").values_list("pk", flat=True))
    patched = facet_updates.merged(index, changed, head(STORIES))
    assert_same(patched, facet_build.build())


def test_a_story_published_after_the_index_was_built_is_listed_and_counted(
    client, django_assert_max_num_queries
):
    CaseStoryFactory(countries=["KR"], title="An older story")
    client.get(reverse("cases:list"))  # the index is built
    built = facet_index.current()
    story = DraftCaseStoryFactory(countries=["CL"], title="A story just published")
    story.status, story.published_at = "published", story.created_at
    story.save()
    page = client.get(reverse("cases:list")).content.decode()
    assert "A story just published" in page
    assert "2 case stories" in page
    assert 'href="/cases/?country=CL">Chile</a> <span class="count">(1)' in page
    # Brought up to date, not built again.
    assert facet_index.current().built_at == built.built_at
    story.status = "archived"
    story.save()
    page = client.get(reverse("cases:list") + "?sort=title").content.decode()
    assert "A story just published" not in page
    assert "1 case story" in page


def test_a_renamed_dimension_builds_the_index_again(client):
    measuring = DimensionFactory()
    CaseStoryFactory(dimensions=[measuring])
    client.get(reverse("cases:list"))
    built = facet_index.current()
    measuring.name = "Measuring what changed"
    measuring.save()
    assert facet_index.current().built_at > built.built_at
    assert facet_index.current().dimensions[measuring.slug][1] == (
        "Measuring what changed"
    )


def test_a_worker_waits_for_the_index_another_is_building(monkeypatch):
    CaseStoryFactory(countries=["CL"])
    built = facet_build.build(seq=head(STORIES))
    monkeypatch.setattr(facet_updates, "WAIT_STEP", 0.01)
    calls = []

    def another_worker_shares(seconds):
        calls.append(seconds)
        facet_updates._share(built)

    monkeypatch.setattr(facet_updates.time, "sleep", another_worker_shares)
    facet_updates.cache.add(facet_updates.LOCK, 1)
    monkeypatch.setattr(
        facet_updates, "build", lambda *a, **k: pytest.fail("built again")
    )
    assert facet_updates.up_to_date(None).built_at == built.built_at
    assert calls
