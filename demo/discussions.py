"""Load the discussion spaces and topics of ``demo/data/discussions.yaml``.

Idempotent: spaces are keyed on their slug, topics on space and slug, and a row is
saved only when a value differs. Members named as authors must exist (the demo
accounts and the seed's commenters are loaded first)."""

import datetime
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cases.models import CaseStory
from discussions.models import Space, Topic
from discussions.services import refresh_search_vector
from events.models import Event
from taxonomy.services import set_tags

DATA = Path(__file__).parent / "data" / "discussions.yaml"


@transaction.atomic
def load() -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    for spec in data.get("spaces", []):
        _space(spec)
    for spec in data.get("topics", []):
        _topic(spec)


def _save_if_changed(model, keys: dict, values: dict, create_only: dict):
    obj = model.objects.filter(**keys).first()
    if obj is None:
        obj = model(**keys, **values, **create_only)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return obj


def _space(spec: dict) -> Space:
    event = Event.objects.filter(slug=spec.get("event") or "").first()
    values = {
        "name": spec["name"],
        "kind": spec["kind"],
        "access": spec.get("access", Space.Access.OPEN),
        "description": spec.get("description", ""),
        "event": event,
        "position": spec.get("position", 100),
    }
    return _save_if_changed(Space, {"slug": spec["slug"]}, values, {})


def _when(value) -> datetime.datetime:
    if value is None:
        return timezone.now()
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


def _topic(spec: dict) -> Topic:
    space = Space.objects.get(slug=spec["space"])
    author = get_user_model().objects.get(username=spec["author"])
    created_at = _when(spec.get("created_at"))
    values = {
        "title": spec["title"],
        "author": author,
        "body": spec["body"].strip(),
        "language": spec.get("language", "en"),
        "status": Topic.Status.PUBLISHED,
    }
    topic = _save_if_changed(
        Topic,
        {"space": space, "slug": spec["slug"]},
        values,
        {"created_at": created_at, "last_activity_at": created_at},
    )
    tags = spec.get("tags", [])
    if {t.name.lower() for t in topic.tags.all()} != {t.lower() for t in tags}:
        set_tags(topic, tags, language=topic.language)
    _link(topic.events, Event.objects.filter(slug__in=spec.get("events", [])))
    _link(
        topic.case_stories,
        CaseStory.objects.filter(slug__in=spec.get("case_stories", [])),
    )
    refresh_search_vector(topic=topic)
    return topic


def _link(related, rows) -> None:
    wanted = set(rows)
    if set(related.all()) != wanted:
        related.set(wanted)
