"""What falls within a moderator's scope (a KS dimension, an event, a language).

Members cannot know the content of the floors above, so each content app tells
this registry, from its ``AppConfig.ready()`` (``<app>/scopes.py``), two things
about a model: the scopes one object falls in, and the condition that selects,
in a queryset, the objects within some keys of one kind. ``User.moderates`` asks
the first; ``within`` (every desk queue) the second.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q

Scope = tuple[str, str]


@dataclass(frozen=True)
class Scoped:
    scopes_of: Callable[[object], Iterable[Scope]]
    # (kind, keys) -> the condition, or None when the kind does not apply.
    condition: Callable[[str, frozenset[str]], Q | None]


_registry: dict[type, Scoped] = {}


def register(model: type, *, scopes_of, condition) -> None:
    _registry[model] = Scoped(scopes_of=scopes_of, condition=condition)


def registered() -> dict[type, Scoped]:
    return dict(_registry)


def scopes_of(target) -> frozenset[Scope]:
    """The scopes ``target`` falls in; none for a kind of object nobody told of."""
    entry = _registry.get(type(target))
    if entry is None or target is None:
        return frozenset()
    return frozenset(entry.scopes_of(target))


def condition_for(model: type, scopes: Iterable[Scope]) -> Q | None:
    """The condition selecting ``model`` objects within any of ``scopes``, or None
    when none of them can cover such objects."""
    entry = _registry.get(model)
    if entry is None:
        return None
    by_kind: dict[str, set[str]] = {}
    for kind, key in scopes:
        by_kind.setdefault(kind, set()).add(key)
    found = [
        q
        for kind, keys in sorted(by_kind.items())
        if (q := entry.condition(kind, frozenset(keys))) is not None
    ]
    if not found:
        return None
    combined = found[0]
    for q in found[1:]:
        combined |= q
    return combined


def within(queryset, user):
    """What ``user`` moderates in ``queryset``: all of it for a site-wide
    moderator, what their scopes cover for a scoped one, nothing otherwise."""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.is_moderator:
        return queryset
    condition = condition_for(queryset.model, user.moderation_scopes)
    return queryset.none() if condition is None else queryset.filter(condition)


_keys: dict[str, Callable[[], Iterable[str]]] = {}


def register_keys(kind: str, keys: Callable[[], Iterable[str]]) -> None:
    """A content app names the keys of a kind it owns (dimension or event slugs)."""
    _keys[kind] = keys


def known_keys(kind: str) -> frozenset[str]:
    return frozenset(_keys[kind]()) if kind in _keys else frozenset()
