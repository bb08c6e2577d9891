"""What a scoped moderator covers among events: an event's scope covers it, its
sessions and its documents; a session also falls in its KS dimension (see
``members.scopes``)."""

from django.db.models import Q

from members import scopes

from .models import Document, Event, Session


def _event(kind: str, keys: frozenset[str], field: str) -> Q | None:
    return Q(**{f"{field}__in": keys}) if kind == "event" else None


def _session_scopes(session: Session):
    yield ("event", session.event.slug)
    if session.dimension_id:
        yield ("dimension", session.dimension.slug)


def _session_condition(kind: str, keys: frozenset[str]) -> Q | None:
    if kind == "dimension":
        return Q(dimension__slug__in=keys)
    return _event(kind, keys, "event__slug")


def _document_scopes(document: Document):
    yield ("event", document.event.slug)
    yield ("language", document.language)


def _document_condition(kind: str, keys: frozenset[str]) -> Q | None:
    if kind == "language":
        return Q(language__in=keys)
    return _event(kind, keys, "event__slug")


def register_scopes() -> None:
    scopes.register(
        Event,
        scopes_of=lambda event: [("event", event.slug)],
        condition=lambda kind, keys: _event(kind, keys, "slug"),
    )
    scopes.register_keys("event", lambda: Event.objects.values_list("slug", flat=True))
    scopes.register(Session, scopes_of=_session_scopes, condition=_session_condition)
    scopes.register(Document, scopes_of=_document_scopes, condition=_document_condition)
