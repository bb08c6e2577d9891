"""Read layer for events, their programme and registrations."""

from functools import cache

from django.db import connections, models
from django.utils import timezone

from cases.models import CaseStory
from core.querysets import CuratedQuerySet, lowered_if_outdated
from core.search import (
    best_candidates,
    headline,
    matches,
    rank,
    single_config_matches,
    single_config_rank,
)

# Events and their sessions are written in English (the configuration is created
# by core's first migration).
SEARCH_CONFIG = "kshub_english"


class EventQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")

    def past(self):
        return self.filter(ends_on__lt=timezone.localdate()).order_by("-starts_on")

    def with_registered_count(self):
        return self.annotate(
            registered_count=models.Count(
                "registrations", filter=models.Q(registrations__status="registered")
            )
        )

    def for_list(self):
        """What a list row shows (organisers, places taken) in a fixed number of
        queries."""
        return self.with_registered_count().prefetch_related("organisers")

    def for_calendar(self):
        """Events with their sessions and speakers, in three queries."""
        from .models import Session

        return self.prefetch_related(
            models.Prefetch(
                "sessions",
                queryset=Session.objects.select_related("dimension")
                .prefetch_related("speakers__institution")
                .order_by("starts_at", "title"),
            )
        )

    def matching(self, q: str):
        return self.filter(single_config_matches(q, SEARCH_CONFIG))

    def ranked(self, q: str, *, candidates: int):
        """Of the first ``candidates`` matches, the best first, as ``relevance``."""
        return (
            best_candidates(self, candidates)
            .annotate(relevance=single_config_rank(q, SEARCH_CONFIG))
            .order_by("-relevance", "-starts_on")
        )


# What the programme's list of case stories shows: no long text.
CASE_FIELDS = (
    "id",
    "slug",
    "title",
    "language",
    "year",
    "summary",
    "lead_institution__name",
    "lead_institution__acronym",
)


class SessionQuerySet(models.QuerySet):
    def matching(self, q: str):
        """Sessions whose title, description, KS dimension or speakers match."""
        return self.filter(single_config_matches(q, SEARCH_CONFIG))

    def ranked(self, q: str, *, candidates: int):
        """Of the first ``candidates`` matches, the best first, as ``relevance``,
        with their event."""
        return (
            best_candidates(self, candidates)
            .select_related("event")
            .annotate(relevance=single_config_rank(q, SEARCH_CONFIG))
            .order_by("-relevance", "-starts_at")
        )

    def for_programme(self):
        """Sessions in time order with what the programme shows of each."""
        from .models import Speaker

        return (
            self.select_related("dimension")
            .prefetch_related(
                models.Prefetch(
                    "speakers",
                    queryset=Speaker.objects.select_related("institution"),
                ),
                models.Prefetch(
                    "case_stories",
                    queryset=CaseStory.objects.published()
                    .select_related("lead_institution")
                    .only(*CASE_FIELDS),
                ),
            )
            .order_by("starts_at", "title")
        )


class RegistrationQuerySet(models.QuerySet):
    def registered(self):
        return self.filter(status="registered")

    def waitlisted(self):
        return self.filter(status="waitlisted")

    def active(self):
        """Registered or waiting: everyone who has not cancelled."""
        return self.exclude(status="cancelled")

    def queue(self):
        """The waiting list, first come first served."""
        return self.waitlisted().order_by("created_at", "id")

    def standing_of(self, event, member) -> tuple[str | None, int | None]:
        """The status of ``member``'s registration for ``event`` (None without one)
        and, on the waiting list, their place in its queue (1 is next). Asked on
        every page a member reads an event on, so it is written out as SQL: the
        ORM took longer to build and compile the two queries than to run them."""
        waitlisted = self.model.Status.WAITLISTED
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                _standing_sql(), [waitlisted, waitlisted, event.pk, member.pk]
            )
            row = cursor.fetchone()
        return (row[0], row[1]) if row else (None, None)

    def for_registrants_list(self):
        """Registered first, then the waiting list in order, then cancellations."""
        rank = models.Case(
            models.When(status="registered", then=0),
            models.When(status="waitlisted", then=1),
            default=2,
        )
        return self.select_related("member__profile__institution").order_by(
            rank, "created_at", "id"
        )


@cache
def _standing_sql() -> str:
    from .models import Registration

    meta = Registration._meta
    event, member, status, created_at = (
        meta.get_field(name).column
        for name in ("event", "member", "status", "created_at")
    )
    pk = meta.pk.column
    # Ahead in the queue: earlier, or at the same instant with a lower id (the
    # order of queue()). Table and column names from the model's metadata;
    # values are parameters.
    return f"""
        SELECT r.{status}, CASE WHEN r.{status} = %s THEN (
            SELECT count(*) + 1 FROM {meta.db_table} w
            WHERE w.{event} = r.{event} AND w.{status} = %s
                AND (w.{created_at}, w.{pk}) < (r.{created_at}, r.{pk})
        ) END
        FROM {meta.db_table} r
        WHERE r.{event} = %s AND r.{member} = %s
    """  # noqa: S608


class DocumentQuerySet(CuratedQuerySet):
    def matching(self, q: str):
        """Documents whose title or text matches ``q``, each in the configurations
        of its own language (the site search calls this)."""
        return self.filter(matches(q))

    def ranked(self, q: str, *, candidates: int, snippet: bool = True):
        """Of the first ``candidates`` matches, the best first, as ``relevance``,
        with a highlighted ``snippet`` of the text (pass it through
        ``core.search.safe_snippet``) unless not asked for (the site search cuts
        those of the results it shows)."""
        ranked = (
            best_candidates(self, candidates)
            .annotate(relevance=lowered_if_outdated(rank(q)))
            .order_by("-relevance", "-date", "title")
        )
        return ranked.with_snippet(q) if snippet else ranked

    def with_snippet(self, q: str):
        """Each document with a highlighted ``snippet`` of its text."""
        return self.annotate(snippet=headline(q, models.F("text")))

    def for_list(self):
        """What a list row shows: never the text or the search vector."""
        return self.select_related("event", "session").defer(
            "text", "search_vector", "event__body", "event__search_vector"
        )
