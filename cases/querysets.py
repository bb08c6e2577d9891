"""Read layer for case stories: who may see what, the list filters, search."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections, models
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from taggit.models import TaggedItem

from core.querysets import lowered_if_outdated
from core.search import (
    best_candidates,
    language_matches,
    matches,
    rank,
)
from members.models import Institution
from taxonomy.querysets import (
    TranslatedQuerySet,
    tagged_with,
    theme_counts,
    themes_by_object,
)
from taxonomy.translations import version_list

from .fields import AUTHOR_FIELDS, CARD_LEAVES_OUT, PAGE_HEAD_FIELDS
from .snippets import story_snippet

# The recent order, written so that no index holds it: the planner finds the
# rows through another index (a GIN one) and sorts them.
RECENT_SORTED = (
    Coalesce(models.F("outdated"), models.Value(False)).asc(),
    (models.F("published_at") + datetime.timedelta(0)).desc(),
    (models.F("id") + 0).desc(),
)
# The most matches a full-text search ranks: twenty pages of the list.
SEARCH_CANDIDATES = 240
# Outdated stories come after current ones in every order (core.curation).
SORTS = {
    "recent": ("outdated", "-published_at", "-id"),
    "popular": ("outdated", "-view_count", "-published_at", "-id"),
    "title": ("outdated", "title", "id"),
}


class CaseStoryQuerySet(TranslatedQuerySet):
    def visible_to(self, user):
        """And, to an institution's editors, its stories in every state."""
        visible = super().visible_to(user)
        edited = getattr(user, "edited_institution_id", None)
        if edited is not None and not user.is_moderator:
            visible |= self.filter(lead_institution_id=edited)
        return visible

    def in_dimension(self, slug: str):
        return self.filter(dimensions__slug=slug)

    def for_country(self, code: str):
        return self.filter(countries__contains=[code.upper()])

    def with_tag(self, slug: str):
        """Stories tagged with any tag of the theme ``slug``, in any language."""
        return self.filter(pk__in=tagged_with(self.model, slug))

    def _tagged_items(self):
        # Tag lookups go through TaggedItem directly: a subquery, never a join.
        # By id (ContentType caches it): no join with django_content_type.
        return TaggedItem.objects.filter(
            content_type_id=ContentType.objects.get_for_model(self.model).pk
        )

    def by_institution(self, slug: str):
        # A subquery rather than a join: no duplicate rows, no DISTINCT needed.
        institution = Institution.objects.filter(slug=slug).values("pk")
        return self.filter(
            models.Q(lead_institution__in=institution)
            | models.Q(
                pk__in=self.model.partner_institutions.through.objects.filter(
                    institution__in=institution
                ).values("casestory_id")
            )
        )

    def in_year(self, year: int):
        return self.filter(year=year)

    def filtered(
        self,
        *,
        q: str = "",
        fuzzy: bool = False,
        country: str = "",
        dimension: str = "",
        tag: str = "",
        institution: str = "",
        year: int | None = None,
        language: str = "",
        event: str = "",
    ):
        """Every active filter at once; the facets call it leaving one out.

        Multi-valued filters are subqueries on primary keys, so the stories stay
        unique without DISTINCT and the queryset can still be sorted and ranked."""
        qs = self
        if q:
            qs = qs.fuzzy_matching(q) if fuzzy else qs.matching(q)
        if country:
            qs = qs.for_country(country)
        if dimension:
            qs = qs.filter(
                pk__in=self.model.dimensions.through.objects.filter(
                    dimension__slug=dimension
                ).values("casestory_id")
            )
        if tag:
            qs = qs.with_tag(tag)
        if institution:
            qs = qs.by_institution(institution)
        if year:
            qs = qs.in_year(year)
        if language:
            qs = qs.in_language(language)
        if event:
            qs = qs.discussed_at(event)
        return qs

    def discussed_at(self, event_slug: str):
        """Stories discussed in the sessions of an event (the relation is the
        events app's, named here only through this model's reverse accessor)."""
        return self.filter(
            pk__in=self.model.sessions.through.objects.filter(
                session__event__slug=event_slug
            ).values("casestory_id")
        )

    def in_language(self, language: str):
        return self.filter(language=language)

    def matching(self, q: str):
        """Full-text matches, each in the configuration of the story's language."""
        return self.filter(matches(q))

    def fuzzy_matching(self, q: str):
        """Titles close to ``q`` (typos, partial words), through the trigram index."""
        return self.filter(title__trigram_word_similar=q)

    def ranked(
        self,
        q: str,
        *,
        fuzzy=False,
        candidates: int | None = None,
        snippet=True,
        alternatives=False,
    ):
        """Best matches first, with a highlighted ``snippet`` (pass it through
        ``core.search.safe_snippet``), of at most ``candidates`` matches (see
        :meth:`search_candidates`). Call it on stories not yet matched
        (``fuzzy``: already narrowed by ``fuzzy_matching``). The headline is
        computed for the page's rows only, after the sort and the limit, from the
        beginning when the title or summary matches (a short text), else from
        the body. Without ``snippet``, none (the site search cuts those of the
        results it shows, :meth:`with_snippet`). ``alternatives``: see
        :meth:`search_candidates`."""
        if fuzzy:
            return self.annotate(
                relevance=lowered_if_outdated(TrigramWordSimilarity(q, "title")),
                snippet=models.F("summary"),
            ).order_by("-relevance", "-published_at", "-id")
        ranked = (
            self.search_candidates(q, candidates, alternatives=alternatives)
            .annotate(relevance=lowered_if_outdated(rank(q)))
            .order_by("-relevance", "-published_at", "-id")
        )
        return ranked.with_snippet(q) if snippet else ranked

    def with_snippet(self, q: str):
        """Each story with a highlighted ``snippet`` (see ``story_snippet``)."""
        return self.annotate(snippet=story_snippet(q))

    def search_candidates(
        self, q: str, limit: int | None = None, *, alternatives=False
    ):
        """At most ``limit`` (by default SEARCH_CANDIDATES) matches to rank: in
        the title, then the summary, newest first, as the index of published
        stories by date holds them, then the first in the body the GIN index
        yields. A word in the title outranks one in the summary, which outranks
        the body, and equal ranks go newest first. Published ones are picked
        after: with the status among the body's conditions, the planner ANDs a
        broad word's GIN bitmap with a status index nearly every story passes.

        ``alternatives`` (web search's "or", as the site search widens a query):
        their title and summary matches are read through the GIN indexes and
        sorted. Along the index by date, which the planner takes for cheaper,
        each title is tested against every alternative, and when they match a
        few hundred stories the walk reads most of the index."""
        title = language_matches(q, vector="title_vector")
        head = language_matches(q, vector="head_vector")
        published = self.published()
        newest_first = RECENT_SORTED if alternatives else SORTS["recent"]
        return best_candidates(
            self.filter(matches(q)),
            limit or SEARCH_CANDIDATES,
            preferred=[
                published.filter(title).order_by(*newest_first),
                published.filter(head).exclude(title).order_by(*newest_first),
            ],
        )

    def sorted_by(self, sort: str):
        return self.order_by(*SORTS.get(sort, SORTS["recent"]))

    def for_page_head(self):
        """What a story's page shows around its cached fragments: the header,
        with its teller's name and voice (kept with the head, so read once per
        content version rather than twice a request)."""
        return self.select_related("author__profile__institution").only(
            *PAGE_HEAD_FIELDS, *AUTHOR_FIELDS
        )

    def for_cards(self):
        """What a list card shows, in a fixed number of queries, without the long
        texts only the story's own page shows (one read anyway comes for every
        card in one query)."""
        return (
            self.select_related("lead_institution")
            .prefetch_related("dimensions")
            .defer(*CARD_LEAVES_OUT, "lead_institution__search_vector")
            .fetch_mode(models.FETCH_PEERS)
        )

    def related_to(self, case_story, *, dimension_ids, tag_ids, limit: int = 4):
        """Published stories sharing the most dimensions and themes, in one query."""
        shared_dimensions = (
            self.model.dimensions.through.objects.filter(
                casestory_id=models.OuterRef("pk"), dimension_id__in=dimension_ids
            )
            .order_by()
            .values("casestory_id")
            .annotate(n=models.Count("*"))
            .values("n")
        )
        shared_tags = (
            self._tagged_items()
            .filter(object_id=models.OuterRef("pk"), tag_id__in=tag_ids)
            .order_by()
            .values("object_id")
            .annotate(n=models.Count("*"))
            .values("n")
        )
        zero = models.Value(0)
        return (
            self.published()
            .exclude(pk=case_story.pk)
            .annotate(
                shared=models.functions.Coalesce(
                    models.Subquery(shared_dimensions), zero
                )
                + models.functions.Coalesce(models.Subquery(shared_tags), zero)
            )
            .filter(shared__gt=0)
            .select_related("lead_institution")
            .order_by("-shared", "-published_at", "-id")[:limit]
        )

    # Facets: one GROUP BY query each over the stories in this queryset. -------

    def dimension_counts(self) -> list[dict]:
        """``{"slug", "name", "count"}`` for each dimension with stories here."""
        through = self.model.dimensions.through
        return [
            {
                "slug": row["dimension__slug"],
                "name": row["dimension__name"],
                "count": row["count"],
            }
            for row in through.objects.filter(casestory__in=self.values("pk"))
            .values("dimension__slug", "dimension__name", "dimension__position")
            .annotate(count=models.Count("casestory_id"))
            .order_by("dimension__position")
        ]

    def tag_counts(self, language: str, limit: int = 30) -> list[dict]:
        """Stories per theme, labelled in ``language``."""
        return theme_counts(
            self._tagged_items().filter(object_id__in=self.values("pk")),
            language,
            limit,
        )

    def institution_counts(self, limit: int = 30) -> list[dict]:
        """Stories per institution, as lead or partner (never both: the services
        drop the lead from the partners), in two GROUP BY queries."""
        fields = ("slug", "name", "acronym")
        lead = (
            self.filter(lead_institution__isnull=False)
            .values(*(f"lead_institution__{f}" for f in fields))
            .annotate(count=models.Count("pk"))
            .order_by()
        )
        partner = (
            self.model.partner_institutions.through.objects.filter(
                casestory__in=self.values("pk")
            )
            .values(*(f"institution__{f}" for f in fields))
            .annotate(count=models.Count("casestory_id"))
            .order_by()
        )
        totals: dict[str, dict] = {}
        for prefix, rows in (("lead_institution__", lead), ("institution__", partner)):
            for row in rows:
                entry = totals.setdefault(
                    row[f"{prefix}slug"],
                    {
                        "slug": row[f"{prefix}slug"],
                        "name": row[f"{prefix}acronym"] or row[f"{prefix}name"],
                        "title": row[f"{prefix}name"],
                        "count": 0,
                    },
                )
                entry["count"] += row["count"]
        ordered = sorted(totals.values(), key=lambda e: (-e["count"], e["name"]))
        return ordered[:limit]

    def country_counts(self) -> list[tuple[str, int]]:
        """``(code, count)`` pairs; the array is unnested in a subquery because
        PostgreSQL does not group by a set-returning function."""
        inner = (
            self.annotate(
                story=models.F("pk"), code=models.Func("countries", function="unnest")
            )
            .values("story", "code")
            .order_by()
        )
        sql, params = inner.query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"SELECT code, COUNT(DISTINCT story) FROM ({sql}) AS codes "  # noqa: S608
                "GROUP BY code ORDER BY 2 DESC, 1",
                params,
            )
            return [(code, count) for code, count in cursor.fetchall()]

    def language_counts(self) -> list[tuple[str, int]]:
        return [
            (row["language"], row["count"])
            for row in self.values("language")
            .annotate(count=models.Count("pk"))
            .order_by("-count", "language")
        ]

    def year_counts(self) -> list[tuple[int, int]]:
        return [
            (row["year"], row["count"])
            for row in self.filter(year__isnull=False)
            .values("year")
            .annotate(count=models.Count("pk"))
            .order_by("-year")
        ]

    def countries_count(self) -> int:
        """How many distinct countries these stories come from."""
        return (
            self.annotate(country=models.Func("countries", function="unnest"))
            .values("country")
            .distinct()
            .count()
        )


def story_for_page(stories, slug) -> dict:
    """The story with everything its page shows, or ``{}`` when ``stories`` have
    none by that slug."""
    case = (
        stories.select_related("lead_institution", "author__profile__institution")
        .prefetch_related("partner_institutions", "dimensions", "tags", "attachments")
        .filter(slug=slug)
        .first()
    )
    if case is None:
        return {}
    dimensions = list(case.dimensions.all())
    tags = list(case.tags.all())
    return {
        "case": case,
        "dimensions": dimensions,
        "themes": themes_by_object(type(case), [case.pk], get_language())[case.pk],
        "versions": version_list(case),
        "related": list(
            type(case).objects.related_to(
                case,
                dimension_ids=[d.pk for d in dimensions],
                tag_ids=[t.pk for t in tags],
            )
        ),
        "sessions": list(case.sessions.select_related("event").order_by("starts_at")),
    }
