"""What a scoped moderator covers in the discussions: the space of their KS
dimension or their event, as its moderator would, and topics in their language
(see ``members.scopes``)."""

from django.db.models import Q

from members import scopes

from .models import Space, Topic


def _space_scopes(space: Space):
    if space.dimension_id:
        yield ("dimension", space.dimension.slug)
    if space.event_id:
        yield ("event", space.event.slug)


def _space_condition(kind: str, keys: frozenset[str], prefix: str = "") -> Q | None:
    if kind == "dimension":
        return Q(**{f"{prefix}dimension__slug__in": keys})
    if kind == "event":
        return Q(**{f"{prefix}event__slug__in": keys})
    return None


def _topic_scopes(topic: Topic):
    yield ("language", topic.language)
    yield from _space_scopes(topic.space)


def _topic_condition(kind: str, keys: frozenset[str]) -> Q | None:
    if kind == "language":
        return Q(language__in=keys)
    return _space_condition(kind, keys, prefix="space__")


def register_scopes() -> None:
    scopes.register(Space, scopes_of=_space_scopes, condition=_space_condition)
    scopes.register(Topic, scopes_of=_topic_scopes, condition=_topic_condition)
