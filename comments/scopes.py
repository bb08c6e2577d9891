"""What a scoped moderator covers among comments: those on what their scope
covers (a story of their dimension, a session of their event…), and those written
in their language (see ``members.scopes``)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from members import scopes

from . import targets
from .models import Comment


def _scopes_of(comment: Comment):
    if comment.language:
        yield ("language", comment.language)
    yield from scopes.scopes_of(comment.content_object)


def _condition(kind: str, keys: frozenset[str]) -> Q | None:
    """Any commentable kind of target within the keys; both registries are read
    when asked, so the floors above (discussion topics) count too."""
    found = Q(language__in=keys) if kind == "language" else None
    for model in scopes.registered():
        if model._meta.label_lower not in targets.COMMENTABLE:
            continue
        inside = scopes.condition_for(model, [(kind, key) for key in keys])
        if inside is None:
            continue
        on_target = Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model._default_manager.filter(inside).values("pk"),
        )
        found = on_target if found is None else found | on_target
    return found


def register_scopes() -> None:
    scopes.register(Comment, scopes_of=_scopes_of, condition=_condition)
