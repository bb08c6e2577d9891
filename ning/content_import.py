"""Ning groups, blog posts, discussions and events, batch by batch.

Each batch is one transaction holding the objects, their comments and the records
of both, so an import cut short leaves whole batches, and the next run skips them
(same fingerprint), updates what changed in Ning since, and creates the rest.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from blog.models import Post
from core.slugs import first_free, slug_base, unique_slug
from discussions.models import Space, Topic
from events.models import Event

from . import builders
from .comments_import import import_comments
from .copying import copy_objects
from .models import ImportedItem
from .reading import Item, author_of, tags_of
from .run import Run, fingerprint
from .writing import refresh_search, set_tags

Kind = ImportedItem.Kind


@dataclass(frozen=True)
class Spec:
    kind: str  # ImportedItem.Kind
    model: type
    section: str  # the first part of the item's address on Ning
    slug_length: int
    has_author: bool = True


SPECS = {
    "groups": Spec(Kind.GROUP, Space, "group", 80, has_author=False),
    "blogs": Spec(Kind.BLOG_POST, Post, "profiles/blogs", 220),
    "discussions": Spec(Kind.DISCUSSION, Topic, "forum/topics", 220),
    "events": Spec(Kind.EVENT, Event, "events", 80, has_author=False),
}


class _Slugs:
    """Free slugs of a model (per space for topics) without a query per item."""

    def __init__(self, model, length: int):
        self.model, self.length, self.taken = model, length, {}

    def free(self, title: str, scope=None) -> str:
        if scope not in self.taken:
            rows = self.model.objects.all()
            if scope is not None:
                rows = rows.filter(space_id=scope)
            self.taken[scope] = {s.lower() for s in rows.values_list("slug", flat=True)}
        taken = self.taken[scope]
        base = slug_base(title, fallback="item", max_length=self.length)
        candidate = first_free(base, taken, max_length=self.length)
        taken.add(candidate)
        return candidate


def import_content(run: Run, name: str, items, spaces: "SpaceFinder | None") -> None:
    spec = SPECS[name]
    slugs = _Slugs(spec.model, spec.slug_length)
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= run.batch_size:
            _batch(run, spec, batch, slugs, spaces)
            batch = []
    if batch:
        _batch(run, spec, batch, slugs, spaces)


@transaction.atomic
def _batch(run: Run, spec: Spec, batch: list[Item], slugs, spaces) -> None:
    records = ImportedItem.objects.by_ning_id(
        spec.kind, [item.ning_id for item in batch]
    )
    objects = spec.model.objects.in_bulk(
        [record.object_id for record in records.values()]
    )
    created, updated, done = [], [], []
    for item in batch:
        record, mark = records.get(item.ning_id), fingerprint(item.data)
        obj = objects.get(record.object_id) if record else None
        if record is not None and obj is None:
            run.refuse(item, "deleted here since it was imported: left deleted")
            continue
        if record is not None and record.fingerprint == mark:
            run.count(item.kind, "skip")
            done.append((item, record.object_id))
            continue
        try:
            fields = _fields(run, spec, item, spaces)
        except builders.Refused as refusal:
            run.refuse(item, str(refusal))
            continue
        if run.dry_run:
            run.planned.add(item.ning_id)
            run.count(item.kind, "update" if record else "create")
            done.append((item, record.object_id if record else None))
        elif record is not None:
            updated.append((item, record, mark, _apply(obj, fields)))
        else:
            created.append((item, mark, _new(spec, fields, slugs)))
    if not run.dry_run:
        _save(run, spec, created, updated, done)
    import_comments(run, spec.model, done)


def _fields(run: Run, spec: Spec, item: Item, spaces) -> dict:
    resolve = run.resolver(item)
    if spec.model is Space:
        return builders.space_fields(item.data, resolve)
    build = {Post: builders.post_fields, Topic: builders.topic_fields}.get(
        spec.model, builders.event_fields
    )
    fields = build(item.data, run.zone, resolve)
    if spec.has_author:
        fields["author_id"] = run.author(author_of(item.data))
    if spec.model is Topic:
        fields["space_id"] = spaces.space_for(item)
    return fields


def _apply(obj, fields: dict):
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


def _new(spec: Spec, fields: dict, slugs: _Slugs):
    title = fields.get("title") or fields.get("name")
    fields["slug"] = slugs.free(title, fields.get("space_id"))
    return spec.model(**fields)


def _save(run: Run, spec: Spec, created, updated, done) -> None:
    copy_objects(spec.model, [obj for _item, _mark, obj in created])
    for _item, _record, _mark, obj in updated:
        obj.save()
    content_type = ContentType.objects.get_for_model(spec.model)
    copy_objects(
        ImportedItem,
        [
            ImportedItem(
                kind=spec.kind,
                ning_id=item.ning_id,
                content_type=content_type,
                object_id=obj.pk,
                ning_path=builders.ning_path(item.data, spec.section, obj_title(obj)),
                fingerprint=mark,
            )
            for item, mark, obj in created
        ],
    )
    now = timezone.now()
    for _item, record, mark, _obj in updated:
        record.fingerprint, record.updated_at = mark, now
    ImportedItem.objects.bulk_update(
        [record for _item, record, _mark, _obj in updated],
        ["fingerprint", "updated_at"],
    )
    touched = [(item, obj) for item, _mark, obj in created]
    touched += [(item, obj) for item, _record, _mark, obj in updated]
    if spec.model in (Post, Topic):
        set_tags(
            spec.model,
            [(obj, tags_of(item.data)) for item, obj in touched],
            replaced=[obj.pk for _item, _record, _mark, obj in updated],
        )
        refresh_search(spec.model, [obj.pk for _item, obj in touched])
    for item, obj in touched:
        done.append((item, obj.pk))
    if touched:
        run.count(touched[0][0].kind, "create", len(created))
        run.count(touched[0][0].kind, "update", len(updated))


def obj_title(obj) -> str:
    return getattr(obj, "title", None) or getattr(obj, "name", "")


class SpaceFinder:
    """The space of each discussion: its Ning group's, else its category's (one
    space per category, made on first use), else the forum's."""

    FORUM = "Forum"

    def __init__(self, run: Run):
        self.run = run
        self.groups = dict(
            ImportedItem.objects.filter(kind=Kind.GROUP).values_list(
                "ning_id", "object_id"
            )
        )
        self.categories = dict(
            ImportedItem.objects.filter(kind=Kind.CATEGORY).values_list(
                "ning_id", "object_id"
            )
        )

    def space_for(self, item: Item) -> int | None:
        group = str(item.data.get("groupId") or "")
        if group and (group in self.groups or group in self.run.planned):
            return self.groups.get(group)
        category = builders.text_of(item.data.get("category")) or self.FORUM
        if category.lower() == "uncategorized":
            category = self.FORUM
        if category not in self.categories:
            self.categories[category] = self._category_space(category)
        return self.categories[category]

    def _category_space(self, name: str) -> int | None:
        if self.run.dry_run:
            self.run.counts["categories"]["create"] += 1
            return None
        space = Space.objects.create(
            name=name[:120],
            slug=unique_slug(
                Space.objects.all(), name, fallback="forum", max_length=80
            ),
            kind=Space.Kind.WORKING_GROUP,
        )
        ImportedItem.objects.create(
            kind=Kind.CATEGORY,
            ning_id=name,
            content_type=ContentType.objects.get_for_model(Space),
            object_id=space.pk,
            fingerprint=fingerprint({"name": name}),
        )
        self.run.count("categories", "create")
        return space.pk
