"""The rows of a topic list, written by a function rather than the template
engine: a list address no reader asked before renders its twenty rows, and the
engine took about 0.3 ms a row (its nodes, lookups, translations and filters),
most of the page's time. Kept with the rest of the shared list part
(``discussions.pages``), so a row is written once per content version, language
and minute. Each row carries the placeholder its unread marker replaces.

The rows are read as plain values, by SQL compiled once per shape of the list
(``TopicRows``): building and compiling a queryset, and making a model instance
of each row, cost a new address more than writing its rows."""

import functools
from collections.abc import Callable
from datetime import timedelta
from html import escape
from typing import NamedTuple

from django.contrib.humanize.templatetags.humanize import (
    NaturalTimeFormatter,
    naturaltime,
)
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import get_language, gettext, ngettext

from .models import Space, Topic, Visit

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
    is the same SQL and the queryset is built only for a shape not seen lately.

    For a ``reader`` (a member's id), a slice also reads when they last opened
    each of its topics, in the same query (``seen``, by topic id: the unread
    markers' query, which a page read anyway would otherwise make after it)."""

    def __init__(
        self, shape: tuple, build: Callable[[], QuerySet], reader: int | None = None
    ):
        self.sql, self.params = _compiled(shape, build)
        self.empty = self.sql is None
        self.reader = reader
        self.seen: dict | None = None

    def count(self) -> int:
        if self.empty:
            return 0
        counted = f"SELECT COUNT(*) FROM ({self.sql}) AS listed"  # noqa: S608
        return self._read(counted, self.params)[0][0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[TopicRow]:
        start = index.start or 0
        if self.empty or index.stop <= start:
            return []
        sliced = f"{self.sql} LIMIT %s OFFSET %s"
        params = [*self.params, index.stop - start, start]
        if self.reader is None:
            return [TopicRow(*row) for row in self._read(sliced, params)]
        rows = self._read(_with_seen(sliced), [self.reader, *params])
        self.seen = {row[0]: row[-1] for row in rows if row[-1] is not None}
        return [TopicRow(*row[:-1]) for row in rows]

    def _read(self, sql: str, params: list) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def _with_seen(sliced: str) -> str:
    """The rows of ``sliced`` with, last, when the reader (the first parameter)
    last opened each topic, or NULL. A subquery per row in the select list
    keeps the rows in the order the slice gives them. Names from the models'
    metadata."""
    visits = visit_columns()
    listed_id = connection.ops.quote_name(COLUMNS[0])  # the values' own name
    return (
        f"SELECT listed.*, (SELECT {visits.seen_at} FROM {visits.table}"  # noqa: S608
        f" WHERE {visits.member} = %s AND {visits.topic} = listed.{listed_id})"
        f" FROM ({sliced}) AS listed"
    )


class VisitColumns(NamedTuple):
    table: str
    member: str
    topic: str
    seen_at: str


@functools.cache
def visit_columns() -> VisitColumns:
    """The names of the visits' table and columns."""
    meta = Visit._meta
    return VisitColumns(
        meta.db_table,
        *(meta.get_field(name).column for name in ("member", "topic", "seen_at")),
    )


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
    """What every row of one list says alike: the badges, the sentences'
    patterns, the address of a topic, with holes for its space and slug
    (letters, digits and hyphens, which need no quoting), and the link to each
    space, looked up once a worker and language; the time, once for the list."""

    def __init__(self):
        said = _said(get_language())
        self.badges, self.started_by, self.last_activity = said[:3]
        self.former_member, self.topic, self.space, self._replies = said[3:7]
        self._spaces = said[7]
        self.now = timezone.now()
        self.language = get_language()

    def replies(self, count: int) -> str:
        """ "3 replies", escaped: rows have few different counts."""
        if count not in self._replies:
            if len(self._replies) >= WORDINGS_KEPT:
                self._replies.clear()
            self._replies[count] = escape(
                ngettext("%(counter)s reply", "%(counter)s replies", count)
                % {"counter": count}
            )
        return self._replies[count]

    def topic_address(self, topic: TopicRow) -> str:
        return self.topic.replace("space-hole", topic.space_slug).replace(
            "topic-hole", topic.slug
        )

    def space_link(self, topic: TopicRow) -> str:
        """The link to the row's space: rows are in few spaces."""
        key = (topic.space_slug, topic.space_name, topic.space_kind)
        if key not in self._spaces:
            if len(self._spaces) >= WORDINGS_KEPT:
                self._spaces.clear()
            address = self.space.replace("space-hole", topic.space_slug)
            name = Space.label(topic.space_name, topic.space_kind)
            self._spaces[key] = f'<a href="{escape(address)}">{escape(name)}</a> · '
        return self._spaces[key]


@functools.lru_cache(maxsize=16)
def _said(language: str) -> tuple:
    """:class:`_Words`' own for ``language`` (the language active)."""
    return (
        {
            "pinned": _badge(gettext("pinned")),
            "answered": _badge(gettext("answered")),
            "closed": _badge(gettext("closed")),
        },
        gettext("started by %(name)s"),
        gettext("last activity %(when)s"),
        gettext("former member"),
        reverse("discussions:topic", args=["space-hole", "topic-hole"]),
        reverse("discussions:space", args=["space-hole"]),
        {},  # "3 replies" by count
        {},  # a space's link by its slug, name and kind
    )


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
    where = words.space_link(topic) if show_space else ""
    name = topic.author_name or words.former_member
    when = moved_ago(topic.last_activity_at, words.now, words.language)
    moved = words.last_activity % {"when": when}
    address = escape(words.topic_address(topic))
    return (
        '<li><article class="card topic-row">\n'
        f'  <h3 lang="{escaped(topic.language)}"><a href="{address}">'
        f"{escape(topic.title)}</a>\n"
        f"    <!--unread:{topic.pk}-->\n"
        f"    {''.join(marks)}</h3>\n"
        f'  <p class="meta">{where}{escaped(words.started_by % {"name": name})}\n'
        f"    · {words.replies(topic.reply_count)}\n"
        f"    · {escaped(moved)}</p>\n"
        "</article></li>\n"
    )


def escaped(text: str) -> str:
    """``escape(text)`` for what rows say alike (a language, who started a
    topic, when it moved), escaped once a worker."""
    found = _ESCAPED.get(text)
    if found is None:
        if len(_ESCAPED) >= WORDINGS_KEPT:
            _ESCAPED.clear()
        found = _ESCAPED[text] = escape(text)
    return found


_ESCAPED: dict = {}


def _badge(text: str, css: str = "badge") -> str:
    return f'<span class="{css}">{escape(text)}</span>'


def moved_ago(when, now, language: str | None = None) -> str:
    """``naturaltime(when)`` as it reads at ``now`` in ``language`` (the language
    active, which it is when given), each wording worked out once a worker and
    language: a row older than a day went through ``timesince`` and its
    translated units, the most of a new address's rows. Between a minute and
    four weeks the wording depends on the time passed alone (no calendar month
    is reached), so that is its key; outside, naturaltime."""
    passed = now - when
    if not MINUTE <= passed < FOUR_WEEKS:
        return naturaltime(when)
    key = (language or get_language(), *_wording(passed))
    if key not in _WORDED:
        if len(_WORDED) >= WORDINGS_KEPT:
            _WORDED.clear()
        _WORDED[key] = _worded(when, now, passed)
    return _WORDED[key]


MINUTE, FOUR_WEEKS = timedelta(minutes=1), timedelta(weeks=4)
# timesince's units from weeks down, in seconds.
_UNITS = (7 * 24 * 3600, 24 * 3600, 3600, 60)
_WORDED: dict = {}
WORDINGS_KEPT = 4096


def _wording(passed: timedelta) -> tuple:
    """What naturaltime says of ``passed``: under a day, its hours or minutes;
    from a day, the units timesince shows (the first that is not zero and the
    next one unless it is zero: a depth of two)."""
    if not passed.days:
        hours, rest = divmod(passed.seconds, 3600)
        return ("hours", hours) if hours else ("minutes", rest // 60)
    seconds, counts = int(passed.total_seconds()), []
    for unit in _UNITS:
        count, seconds = divmod(seconds, unit)
        counts.append(count)
    first = next(at for at, count in enumerate(counts) if count)
    shown = counts[first : first + 2]
    return ("since", first, *(shown if shown[-1] else shown[:1]))


def _worded(when, now, passed: timedelta) -> str:
    strings = NaturalTimeFormatter.time_strings
    if not passed.days:
        if passed.seconds >= 3600:
            return strings["past-hour"] % {"count": passed.seconds // 3600}
        return strings["past-minute"] % {"count": passed.seconds // 60}
    since = timesince(when, now, time_strings=NaturalTimeFormatter.past_substrings)
    return strings["past-day"] % {"delta": since}
