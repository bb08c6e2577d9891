"""What a scoped moderator covers among posts: the event a post reports on and
its language (see ``members.scopes``)."""

from django.db.models import Q

from members import scopes

from .models import Post


def _scopes_of(post: Post):
    yield ("language", post.language)
    if post.event_id:
        yield ("event", post.event.slug)


def _condition(kind: str, keys: frozenset[str]) -> Q | None:
    if kind == "event":
        return Q(event__slug__in=keys)
    if kind == "language":
        return Q(language__in=keys)
    return None


def register_scopes() -> None:
    scopes.register(Post, scopes_of=_scopes_of, condition=_condition)
