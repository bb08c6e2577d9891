"""The rows of a topic list, written by a function rather than the template
engine: a list address no reader asked before renders its twenty rows, and the
engine took about 0.3 ms a row (its nodes, lookups, translations and filters),
most of the page's time. Kept with the rest of the shared list part
(``discussions.pages``), so a row is written once per content version, language
and minute. Each row carries the placeholder its unread marker replaces.

The rows are read as plain values, by SQL compiled once per shape of the list
(``TopicRows``): building and compiling a queryset, and making a model instance
of each row, cost a new address more than writing its rows."""

from collections.abc import Callable
from html import escape
from typing import NamedTuple

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from .models import Space, Topic

# The SQL of each shape of list seen lately, with its parameters.
_COMPILED: dict = {}
COMPILED_SHAPES = 1024


class TopicRow(NamedTuple):
    """What a row shows of a topic, its space and its author."""

    pk: int
    title: str
    slug: str
    language: str
    status: str
    pinned: bool
    closed: bool
    answer_id: int | None
    reply_count: int
    last_activity_at: object
    space_name: str
    space_slug: str
    space_kind: str
    author_name: str | None


COLUMNS = (
    *("pk", "title", "slug", "language", "status", "pinned", "closed", "answer_id"),
    *("reply_count", "last_activity_at", "space__name", "space__slug", "space__kind"),
    "author__profile__display_name",
)


class TopicRows:
    """The rows of the topics ``build()`` selects as a paginator reads them, a
    count and a slice, by SQL compiled once per ``shape``: whatever decides the
    queryset's SQL (its filters' values and its order), so that the same shape
    is the same SQL and the queryset is built only for a shape not seen lately."""

    def __init__(self, shape: tuple, build: Callable[[], QuerySet]):
        self.sql, self.params = _compiled(shape, build)
        self.empty = self.sql is None

    def count(self) -> int:
        if self.empty:
            return 0
        counted = f"SELECT COUNT(*) FROM ({self.sql}) AS listed"  # noqa: S608
        return self._read(counted, [])[0][0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[TopicRow]:
        start = index.start or 0
        if self.empty or index.stop <= start:
            return []
        rows = self._read(f"{self.sql} LIMIT %s OFFSET %s", [index.stop - start, start])
        return [TopicRow(*row) for row in rows]

    def _read(self, sql: str, more: list) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, *more])
            return cursor.fetchall()


def _compiled(shape: tuple, build: Callable[[], QuerySet]) -> tuple:
    """The SQL and parameters of the rows of ``build()``; None for no rows."""
    found = _COMPILED.get(shape)
    if found is None:
        if len(_COMPILED) >= COMPILED_SHAPES:
            _COMPILED.clear()
        query = build().values_list(*COLUMNS).query
        found = (None, ()) if query.is_empty() else query.sql_with_params()
        _COMPILED[shape] = found
    return found


def topic_rows(topics, *, show_space: bool = False) -> SafeString:
    """The ``<li>`` of each topic, or one saying there is none."""
    if not topics:
        return format_html("<li>{}</li>\n", gettext("No topics here yet."))
    words = _Words()
    return mark_safe(  # noqa: S308 — every value escaped in topic_row
        "".join(topic_row(topic, words, show_space) for topic in topics)
    )


class _Words:
    """What every row of one list says alike, looked up once for the list: the
    badges, the sentences' patterns and the address of a topic, with holes for
    its space and slug (letters, digits and hyphens, which need no quoting)."""

    def __init__(self):
        self.badges = {
            "pinned": _badge(gettext("pinned")),
            "answered": _badge(gettext("answered")),
            "closed": _badge(gettext("closed")),
        }
        self.started_by = gettext("started by %(name)s")
        self.last_activity = gettext("last activity %(when)s")
        self.former_member = gettext("former member")
        self.topic = reverse("discussions:topic", args=["space-hole", "topic-hole"])
        self.space = reverse("discussions:space", args=["space-hole"])

    def topic_address(self, topic: TopicRow) -> str:
        return self.topic.replace("space-hole", topic.space_slug).replace(
            "topic-hole", topic.slug
        )

    def space_address(self, topic: TopicRow) -> str:
        return self.space.replace("space-hole", topic.space_slug)


def topic_row(topic: TopicRow, words: _Words, show_space: bool) -> str:
    marks = [
        words.badges[name]
        for name, shown in (
            ("pinned", topic.pinned),
            ("answered", topic.answer_id),
            ("closed", topic.closed),
        )
        if shown
    ]
    if topic.status != Topic.Status.PUBLISHED:
        marks.append(_badge(Topic.Status(topic.status).label, "badge badge-warn"))
    space = Space.label(topic.space_name, topic.space_kind)
    where = (
        f'<a href="{escape(words.space_address(topic))}">{escape(space)}</a> · '
        if show_space
        else ""
    )
    name = topic.author_name or words.former_member
    replies = ngettext(
        "%(counter)s reply", "%(counter)s replies", topic.reply_count
    ) % {"counter": topic.reply_count}
    moved = words.last_activity % {"when": naturaltime(topic.last_activity_at)}
    address = escape(words.topic_address(topic))
    return (
        '<li><article class="card topic-row">\n'
        f'  <h3 lang="{escape(topic.language)}"><a href="{address}">'
        f"{escape(topic.title)}</a>\n"
        f"    <!--unread:{topic.pk}-->\n"
        f"    {''.join(marks)}</h3>\n"
        f'  <p class="meta">{where}{escape(words.started_by % {"name": name})}\n'
        f"    · {escape(replies)}\n"
        f"    · {escape(moved)}</p>\n"
        "</article></li>\n"
    )


def _badge(text: str, css: str = "badge") -> str:
    return f'<span class="{css}">{escape(text)}</span>'
