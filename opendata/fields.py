"""The pieces an open-data entity is described with: a field, how its value is
read from a row and written as JSON, and the entity itself."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

# Rows read from the database at a time: memory stays flat however many there are.
CHUNK = 2000
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, date, datetime, boolean
    description: str
    read: Callable
    is_list: bool = False


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    rows: Callable[[], QuerySet]
    fields: tuple[Field, ...]
    primary_key: str = "slug"
    extra: dict = field(default_factory=dict)

    def record(self, obj, absolute: Callable[[str], str]) -> dict:
        """One row as JSON values: lists stay lists, dates are ISO 8601 strings."""
        row = {}
        for column in self.fields:
            value = column.read(obj)
            if column.name == "url" and value:
                value = absolute(value)
            row[column.name] = json_value(value)
        return row

    def iterate(self):
        return self.rows().iterator(chunk_size=CHUNK)


def json_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return value


def slug_of(name: str, *, public: Callable = lambda related: True) -> Callable:
    """The slug of the related ``name``, or None when there is none or when it is
    not ``public`` (a hidden listing, an unverified institution, a draft)."""

    def read(obj):
        related = getattr(obj, name)
        return related.slug if related is not None and public(related) else None

    return read


def slugs_of(name: str) -> Callable:
    """The slugs of the many-to-many ``name``: from the list ``listed(name)``
    prefetched, else through its manager."""

    def read(obj):
        items = getattr(obj, f"{name}_list", None)
        if items is None:
            items = getattr(obj, name).all()
        return sorted(item.slug for item in items)

    return read


def listed(name: str) -> Prefetch:
    """The many-to-many ``name`` prefetched into a list: handing prefetched rows
    to a manager makes one per row, which costs more than the rows."""
    return Prefetch(name, to_attr=f"{name}_list")


def attribute(name: str) -> Callable:
    return lambda obj: getattr(obj, name)


def text_field(name: str, description: str, **kw) -> Field:
    return Field(name, "string", description, attribute(name), **kw)


def session_id(session) -> str:
    return f"{session.event.slug}/{session.slug}"


def url_field() -> Field:
    return Field("url", "string", "The page on the KS Hub.", get_url)


def get_url(obj) -> str:
    return obj.get_absolute_url()


def dimensions_field() -> Field:
    return Field(
        "dimensions",
        "string",
        "Slugs of the KS dimensions.",
        slugs_of("dimensions"),
        is_list=True,
    )
