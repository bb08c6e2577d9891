"""Events, their sessions (with their speakers) and their documents in the site
search (registered with ``core.sitesearch`` when the app is ready)."""

from django.db.models import StringAgg, Value
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import sitesearch
from core.prepared import Prepared
from core.search import among_ids
from core.sitesearch import (
    Kind,
    Later,
    Result,
    register,
    shown_address,
    snippets_of,
    text_of,
    total_of,
    with_total,
)
from core.text import strip_markdown

from .models import Document, Event, Session, Speaker

EVENT_FIELDS = ("title", "slug", "summary", "city", "starts_on", "relevance")
SESSION_FIELDS = ("title", "slug", "description", "event__slug", "relevance")
SESSION_FIELDS += ("event__title", "event__short_name", "speaker_names", "total")
# What a document's result shows: never its text (a highlighted snippet of it
# instead) nor its search vector.
DOCUMENT_FIELDS = ("pk", "title", "slug", "language", "kind", "relevance")


_EVENTS = Prepared(
    lambda q, limit, candidates: with_total(
        Event.objects.matching(q).ranked(q, candidates=candidates).values(*EVENT_FIELDS)
    )[:limit]
)
# The speakers' names aggregated per session: its fields named after the
# annotation, so that the rows are still grouped by session.
_SESSIONS = Prepared(
    lambda q, limit, candidates: with_total(
        Session.objects.matching(q)
        .ranked(q, candidates=candidates)
        .annotate(speaker_names=StringAgg("speakers__name", Value(", "), default=""))
    ).values(*SESSION_FIELDS)[:limit]
)
_DOCUMENTS = Prepared(
    lambda q, limit, candidates: with_total(
        Document.objects.matching(q)
        .ranked(q, candidates=candidates, snippet=False)
        .values(*DOCUMENT_FIELDS)
    )[:limit]
)
_DOCUMENT_KINDS = dict(Document.Kind.choices)


def _where_and_when(city: str, starts_on) -> str:
    return ", ".join(part for part in (city, date_format(starts_on)) if part)


def _events(q: str, limit: int):
    events = _EVENTS(q, limit, sitesearch.CANDIDATES)
    label = str(_("Event"))  # translated once, not per row
    return [
        Result(
            kind="event",
            label=label,
            title=event["title"],
            url=shown_address("events:detail", event["slug"]),
            snippet=Later(strip_markdown, (event["summary"],)),
            meta=Later(_where_and_when, (event["city"], event["starts_on"])),
            rank=float(event["relevance"] or 0),
            language="en",
        )
        for event in events
    ], total_of(events)


def _sessions(q: str, limit: int):
    sessions = _SESSIONS(q, limit, sitesearch.CANDIDATES)
    label = str(_("Session"))  # translated once, not per row
    return [
        Result(
            kind="session",
            label=label,
            title=session["title"],
            url=shown_address(
                "events:session", session["event__slug"], session["slug"]
            ),
            snippet=session["description"][:300],
            meta=" · ".join(
                part
                for part in (
                    # The event as it names itself (its short name, or title).
                    session["event__short_name"] or session["event__title"],
                    session["speaker_names"],
                )
                if part
            ),
            rank=float(session["relevance"] or 0),
            language="en",
            names=session["speaker_names"],
        )
        for session in sessions
    ], total_of(sessions)


def _documents(q: str, limit: int):
    """Documents found in the configurations of each one's language."""
    documents = _DOCUMENTS(q, limit, sitesearch.CANDIDATES)
    label = str(_("Document"))  # translated once, not per row
    return [
        Result(
            kind="document",
            label=label,
            title=document["title"],
            url=shown_address("documents:detail", document["slug"]),
            snippet="",
            meta=_DOCUMENT_KINDS.get(document["kind"], document["kind"]),
            rank=float(document["relevance"] or 0),
            language=document["language"],
            pk=document["pk"],
        )
        for document in documents
    ], total_of(documents)


def register_search_kinds() -> None:
    register(
        Kind(
            "event",
            _("Events"),
            _events,
            words=(
                (
                    Event,
                    lambda: Event.objects.annotate(
                        text=text_of("title", "short_name", "city", "summary")
                    ),
                ),
            ),
        )
    )
    register(
        Kind(
            "session",
            _("Sessions"),
            _sessions,
            words=(
                (
                    Session,
                    lambda: Session.objects.annotate(
                        text=text_of("title", "description")
                    ),
                ),
                (
                    Speaker,
                    lambda: Speaker.objects.annotate(text=text_of("name", "position")),
                ),
            ),
        )
    )
    register(
        Kind(
            "document",
            _("Documents"),
            _documents,
            snippets=snippets_of(
                lambda q, ids: Document.objects.filter(among_ids(ids)).with_snippet(q)
            ),
            # A document's ``text`` column is its text (titles are in it too).
            words=((Document, lambda: Document.objects.all()),),
        )
    )
