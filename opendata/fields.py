"""The pieces an open-data entity is described with: a field, how its value is
read from a row and written as JSON, and the entity itself.

An entity whose every field names the column it is read from (``Field.column``)
is read as tuples of values in one query, without a model instance per row: what
a model instance, a related one and a prefetch each cost was most of an API
page's time. The others are read as model instances (``Field.read``)."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import CharField, Expression, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from taggit.models import Tag, TaggedItem

# Rows read from the database at a time: memory stays flat however many there are.
CHUNK = 2000
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, date, datetime, boolean
    description: str
    # How the value is read from a model instance, for an entity read as such.
    read: Callable | None = None
    is_list: bool = False
    # What the rows' query selects for this field: a path or an expression.
    column: str | Expression | None = None
    # The named URL whose one argument is the column's value: the field is that
    # page's absolute address.
    route: str | None = None


@dataclass(frozen=True)
class Resource:
    name: str
    # In English, as the data package and the API describe it; marked for
    # translation (gettext_noop), and translated where a page shows it.
    title: str
    description: str
    rows: Callable[[], QuerySet]
    fields: tuple[Field, ...]
    primary_key: str = "slug"
    extra: dict = field(default_factory=dict)

    @property
    def by_columns(self) -> bool:
        return all(column.column is not None for column in self.fields)

    def selected(self, rows: QuerySet) -> QuerySet:
        """``rows`` (``self.rows()``, maybe filtered) as ``records`` reads them:
        the identifier and each field's column, or model instances."""
        if not self.by_columns:
            return rows
        return rows.values_list("pk", *_columns(self.fields).values())

    def identifier(self, row) -> int:
        return row[0] if self.by_columns else row.pk

    def records(self, rows: Iterable, absolute: Callable[[str], str]) -> Iterator:
        """Each of ``rows`` (from ``selected``) as JSON values: lists stay lists,
        dates are ISO 8601 strings, a page's address is absolute."""
        if not self.by_columns:
            for obj in rows:
                yield self.record(obj, absolute)
            return
        at = {key: n for n, key in enumerate(_columns(self.fields), start=1)}
        readers = [
            (c.name, at[_key(c.column)], _converter(c, absolute)) for c in self.fields
        ]
        for row in rows:
            yield {
                name: row[at] if convert is None else convert(row[at])
                for name, at, convert in readers
            }

    def record(self, obj, absolute: Callable[[str], str]) -> dict:
        """One model instance as JSON values."""
        row = {}
        for column in self.fields:
            value = column.read(obj)
            if column.name == "url" and value:
                value = absolute(value)
            row[column.name] = json_value(value)
        return row

    def iterate(self):
        return self.selected(self.rows()).iterator(chunk_size=CHUNK)


def _columns(fields: Iterable[Field]) -> dict:
    """Each column read once (a page's address reads the slug again)."""
    return {_key(c.column): c.column for c in fields}


def _key(column: str | Expression):
    return column if isinstance(column, str) else id(column)


# A slug no page has, replaced by each row's own in the address reversed once.
SLUG_MARK = "slug-of-the-row"


def _converter(column: Field, absolute: Callable[[str], str]) -> Callable | None:
    """How a column's value becomes the field's JSON value; None when it is one."""
    if column.route is not None:
        before, _mark, after = absolute(
            reverse(column.route, args=[SLUG_MARK])
        ).partition(SLUG_MARK)
        return lambda slug: f"{before}{slug}{after}" if slug else None
    if column.is_list or column.type in ("date", "datetime"):
        return json_value
    return None


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
    """The slugs of the many-to-many ``name``, through its manager."""
    return lambda obj: sorted(item.slug for item in getattr(obj, name).all())


def attribute(name: str) -> Callable:
    return lambda obj: getattr(obj, name)


def text_field(name: str, description: str, **kw) -> Field:
    return Field(name, "string", description, attribute(name), column=name, **kw)


def value_field(name: str, type: str, description: str) -> Field:
    """A column of the row's own table, read as it is."""
    return Field(name, type, description, attribute(name), column=name)


def sorted_slugs(model, name: str) -> RawSQL:
    """The slugs of ``model``'s many-to-many ``name``, sorted as Python sorts
    them, in an array: a column of the row, where a prefetch is a query more."""
    relation = model._meta.get_field(name)
    links = relation.remote_field.through._meta
    target = relation.related_model._meta
    return _slug_array(
        f"FROM {_q(links.db_table)} l JOIN {_q(target.db_table)} t"
        f" ON t.{_q(target.pk.column)}"
        f" = l.{_q(links.get_field(relation.m2m_reverse_field_name()).column)}"
        f" WHERE l.{_q(links.get_field(relation.m2m_field_name()).column)}"
        f" = {_row_pk(model)}",
        (),
    )


def tag_slugs(model) -> RawSQL:
    """The slugs of the (taggit) tags of ``model``'s row, sorted, in an array."""
    tagged, tags = TaggedItem._meta, Tag._meta
    kinds = ContentType._meta
    return _slug_array(
        f"FROM {_q(tagged.db_table)} i JOIN {_q(tags.db_table)} t"  # noqa: S608
        f" ON t.{_q(tags.pk.column)} = i.{_q(tagged.get_field('tag').column)}"
        f" WHERE i.{_q(tagged.get_field('object_id').column)} = {_row_pk(model)}"
        f" AND i.{_q(tagged.get_field('content_type').column)} = ("
        f"SELECT k.{_q(kinds.pk.column)} FROM {_q(kinds.db_table)} k"
        " WHERE k.app_label = %s AND k.model = %s)",
        (model._meta.app_label, model._meta.model_name),
    )


def _slug_array(rest: str, params: tuple) -> RawSQL:
    """Written out as SQL: the ORM's subqueries took longer to compile, on each
    request, than the rest of an API page. ``t`` is the table with the slugs; the
    C collation sorts as Python does. Names come from the models' metadata,
    values are parameters."""
    sql = f'ARRAY(SELECT t.slug {rest} ORDER BY t.slug COLLATE "C")'
    return RawSQL(sql, params, output_field=ArrayField(CharField()))  # noqa: S611


def _row_pk(model) -> str:
    # The row's table: the query's first, named after its table.
    return f"{_q(model._meta.db_table)}.{_q(model._meta.pk.column)}"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def session_id(session) -> str:
    return f"{session.event.slug}/{session.slug}"


def url_field(route: str | None = None) -> Field:
    """The item's page; from the slug and the ``route``'s address when given."""
    return Field(
        "url",
        "string",
        "The page on the KS Hub.",
        get_url,
        column="slug" if route else None,
        route=route,
    )


def get_url(obj) -> str:
    return obj.get_absolute_url()


def dimensions_field(model=None) -> Field:
    """The item's KS dimensions; read as a column of ``model``'s rows when given."""
    return Field(
        "dimensions",
        "string",
        "Slugs of the KS dimensions.",
        slugs_of("dimensions"),
        is_list=True,
        column=sorted_slugs(model, "dimensions") if model else None,
    )
