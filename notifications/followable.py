"""What may be followed, and the keys a Follow stores.

Objects: a story, post, event, session, knowledge request or offer
("cases.casestory:12"). Topics: a KS dimension ("dimension:<slug>"), a theme
("tag:<slug>"), an institution ("institution:<slug>") or a world region
("region:<slug>"). New content reaches those who follow any of its topics."""

from django.apps import apps
from django.urls import reverse
from taggit.models import Tag

from cases.models import Dimension
from exchanges.regions import REGIONS, region_of
from members.models import Institution

OBJECTS = {
    "cases.casestory": "published",
    "blog.post": "published",
    "events.event": None,
    "events.session": None,
    "exchanges.knowledgerequest": None,
    "exchanges.knowledgeoffer": None,
}
TOPICS = ("dimension", "tag", "institution", "region")


def object_key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def is_followable(obj) -> bool:
    label = obj._meta.label_lower
    if label not in OBJECTS:
        return False
    status = OBJECTS[label]
    return status is None or getattr(obj, "status", None) == status


def _object(label: str, pk: str):
    if label not in OBJECTS or not pk.isdigit():
        return None
    obj = apps.get_model(label)._default_manager.filter(pk=int(pk)).first()
    return obj if obj is not None and is_followable(obj) else None


def _topic(kind: str, value: str) -> tuple[str, str] | None:
    if kind == "dimension":
        found = Dimension.objects.filter(slug=value).first()
        return (found.name, found.get_absolute_url()) if found else None
    if kind == "tag":
        found = Tag.objects.filter(slug=value).first()
        path = reverse("cases:list") + f"?tag={value}"
        return (found.name, path) if found else None
    if kind == "institution":
        found = Institution.objects.filter(slug=value, verified=True).first()
        return (found.name, found.get_absolute_url()) if found else None
    if kind == "region" and value in REGIONS:
        return (str(REGIONS[value][0]), reverse("exchanges:list") + f"?region={value}")
    return None


def describe(key: str) -> tuple[str, str] | None:
    """(title, path) of what ``key`` names, or None when it cannot be followed."""
    head, _sep, tail = (key or "").partition(":")
    if not tail or len(key) > 120:
        return None
    if head in TOPICS:
        return _topic(head, tail)
    obj = _object(head, tail)
    return (str(obj), obj.get_absolute_url()) if obj is not None else None


def topic_keys(item) -> set[str]:
    """The topics a piece of content belongs to, as follow keys."""
    keys = set()
    if hasattr(item, "dimensions"):
        keys |= {
            f"dimension:{slug}"
            for slug in item.dimensions.values_list("slug", flat=True)
        }
    if hasattr(item, "tags"):
        keys |= {f"tag:{slug}" for slug in item.tags.values_list("slug", flat=True)}
    for field in ("lead_institution", "institution"):
        institution = getattr(item, field, None)
        if isinstance(institution, Institution):
            keys.add(f"institution:{institution.slug}")
    for country in getattr(item, "countries", None) or ():
        if region_of(country):
            keys.add(f"region:{region_of(country)}")
    return keys
