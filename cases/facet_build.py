"""Building the case list's facet index (``cases.facet_index``) from the
database: every published story, or only some (``ids``), whose index is then
merged into the current one (``cases.facet_patch``)."""

import numpy as np
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from taggit.models import TaggedItem

from taxonomy.models import ThemeLabel
from taxonomy.querysets import THEME_SLUG

from .facet_arrays import Facet
from .facet_index import FACETS, FacetIndex
from .models import CaseStory


def build(ids=None, *, seq: tuple = ("", 0)) -> FacetIndex:
    """The index of the published stories (of those of ``ids`` only, when
    given), in six queries; ``seq``: the last change of the journal it holds."""
    built_at = timezone.now()
    stories = CaseStory.objects.published().order_by("pk")
    if ids is not None:
        stories = stories.filter(pk__in=ids)
    position = {}
    members: dict[str, dict] = {name: {} for name in FACETS}
    dimensions, institutions = {}, {}

    def add(name: str, value, story: int) -> None:
        members[name].setdefault(value, []).append(story)

    sorting, groups, leads = _read_stories(stories, position, add, institutions)
    published = stories.values("pk")
    rows = CaseStory.dimensions.through.objects.filter(casestory__in=published)
    for pk, slug, place, name in rows.values_list(
        "casestory_id", "dimension__slug", "dimension__position", "dimension__name"
    ):
        add("dimension", slug, position[pk])
        dimensions[slug] = (place, name)
    rows = CaseStory.partner_institutions.through.objects.filter(
        casestory__in=published
    )
    for pk, slug, name, acronym in rows.values_list(
        "casestory_id", "institution__slug", "institution__name", "institution__acronym"
    ):
        add("institution", slug, position[pk])
        institutions[slug] = acronym or name
    tags, unnamed = _read_themes(published, position, add)
    facets = {name: Facet.of(pairs) for name, pairs in members.items()}
    for facet in facets.values():
        # Each story's values, worked out here once for every worker that reads
        # the shared copy, not on each worker's first request (a sort of every
        # pair of each facet: tens of milliseconds).
        facet.single(len(position))
    return FacetIndex(
        size=len(position),
        facets=facets,
        ids=np.fromiter(position, dtype=np.int64, count=len(position)),
        places=_places(list(position), sorting, position, stories),
        dimensions=dimensions,
        tags=tags,
        name_order=name_order(tags),
        unnamed=frozenset(unnamed),
        institutions=institutions,
        groups=np.fromiter(groups.values(), dtype=np.int64, count=len(groups)),
        alone=np.fromiter(
            (own == group or group not in position for own, group in groups.items()),
            dtype=bool,
            count=len(groups),
        ),
        leads=np.asarray(leads, dtype=np.int64),
        seq=seq,
        built_at=built_at,
    )


def _read_themes(published, position: dict, add) -> tuple[dict, set]:
    """Each story's themes (a story tagged twice with one theme counts once) and
    each theme's label in every language, as ``theme_counts`` names them: in
    that language, else in English, else in any; a tag naming no theme stands
    for a theme of its own. Also the slugs a card names otherwise
    (``themes_by_object``: a tag's own name): a tag naming no theme, a theme
    without a label, a slug of both."""
    rows = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(CaseStory),
        object_id__in=published,
    ).values_list("object_id", THEME_SLUG, "tag__theme_link__theme_id", "tag__name")
    seen, themes, tag_names, unnamed = set(), {}, {}, set()
    for pk, slug, theme, name in rows:
        if (slug, pk) not in seen:
            seen.add((slug, pk))
            add("tag", slug, position[pk])
        if theme is None or themes.get(slug, theme) != theme:
            unnamed.add(slug)
        themes[slug] = theme
        tag_names.setdefault(slug, name)
    labels: dict[int, dict] = {}
    for theme, language, name in (
        ThemeLabel.objects.filter(theme_id__in=[t for t in themes.values() if t])
        .order_by("language")
        .values_list("theme_id", "language", "name")
    ):
        labels.setdefault(theme, {})[language] = name
    tags = {}
    for slug, theme in themes.items():
        found = labels.get(theme, {})
        if not found:
            unnamed.add(slug)
        fallback = found.get(settings.LANGUAGE_CODE) or next(
            iter(found.values()), slug if theme else tag_names[slug]
        )
        tags[slug] = {
            code: found.get(code, fallback) for code, _name in settings.LANGUAGES
        }
        tags[slug][settings.LANGUAGE_CODE] = fallback
    return tags, unnamed


def name_order(tags: dict) -> dict[str, int]:
    """Each theme label's place among them in the database's order of text (its
    collation), in which a card lists a story's themes (``themes_by_object``)."""
    names = sorted({name for labels in tags.values() for name in labels.values()})
    if not names:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM unnest(%s::text[]) AS name ORDER BY name", [names]
        )
        return {name: place for place, (name,) in enumerate(cursor.fetchall())}


def _read_stories(stories, position: dict, add, institutions: dict) -> tuple:
    """Each story's own values (year, language, countries, lead institution) and
    its place in ``position``; returns each story's sort keys (published, views,
    outdated), each story's translation group, by id, and its lead institution's
    id by position."""
    sorting, groups, leads = [], {}, []
    for (
        pk,
        group,
        lead,
        year,
        language,
        codes,
        slug,
        name,
        acronym,
        *keys,
    ) in stories.values_list(
        "pk",
        "translation_of_id",
        "lead_institution_id",
        "year",
        "language",
        "countries",
        "lead_institution__slug",
        "lead_institution__name",
        "lead_institution__acronym",
        "published_at",
        "view_count",
        "outdated",
    ):
        at = position[pk] = len(position)
        sorting.append(keys)
        groups[pk] = group or pk
        leads.append(lead or 0)
        if year is not None:
            add("year", year, at)
        add("language", language, at)
        for code in set(codes):
            add("country", code.upper(), at)
        if slug:
            add("institution", slug, at)
            institutions[slug] = acronym or name
    return sorting, groups, leads


def _places(ids: list[int], sorting: list, position: dict, stories) -> dict:
    """Each story's place in each sort's order, as SQL sorts (the ids break ties;
    titles in the database's collation)."""
    stamp = [published.timestamp() for published, _views, _outdated in sorting]
    # Outdated stories come after current ones in every order (querysets.SORTS).
    late = [outdated for _published, _views, outdated in sorting]
    orders = {
        "recent": sorted(
            range(len(ids)), key=lambda at: (late[at], -stamp[at], -ids[at])
        ),
        "popular": sorted(
            range(len(ids)),
            key=lambda at: (late[at], -sorting[at][1], -stamp[at], -ids[at]),
        ),
        "title": [
            position[pk]
            for pk in stories.order_by("outdated", "title", "id").values_list(
                "pk", flat=True
            )
        ],
    }
    places = {}
    for sort, order in orders.items():
        place = np.empty(len(ids), dtype=np.int32)
        place[np.asarray(order, dtype=np.int64)] = np.arange(len(ids), dtype=np.int32)
        places[sort] = place
    return places
