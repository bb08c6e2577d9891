"""What a scoped moderator covers among broken links: a link falls within the
scopes of the items it is found on (a story of their KS dimension, a post or
document of their event, content in their language), as each content app tells
``members.scopes``; a link found only in the resources list is the site-wide
moderators'."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from members import scopes

from .links import linked_models
from .models import BrokenLink, BrokenLinkPlace


def _scopes_of(link: BrokenLink):
    for place in link.places.select_related("content_type"):
        yield from scopes.scopes_of(place.item)


def _condition(kind: str, keys: frozenset[str]) -> Q | None:
    found = None
    for model in linked_models():
        inside = scopes.condition_for(model, [(kind, key) for key in keys])
        if inside is None:
            continue
        places = BrokenLinkPlace.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model._default_manager.filter(inside).values("pk"),
        )
        on_item = Q(pk__in=places.values("link_id"))
        found = on_item if found is None else found | on_item
    return found


def register_scopes() -> None:
    scopes.register(BrokenLink, scopes_of=_scopes_of, condition=_condition)
