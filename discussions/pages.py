"""The parts of the discussion pages that read the same for every reader who may
see the same topics, rendered once and kept under the content versions
(``core.pagecache``: a new topic, a reply, a moderator's action bumps one), the
language and the minute (a row says how long ago its topic moved), in the
process's memory after the first read. A member's request adds only what is
theirs: the unread markers (one query) and their own controls."""

import functools
import re
import time

from django.db import connection
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, gettext_lazy

from core.listpages import pagination
from core.pagecache import (
    CONTENT,
    EVERYTHING,
    cached,
    page_number,
    render_partials,
)
from core.paginators import CountCachedPaginator

from . import access
from .models import Space, Topic
from .rows import TopicRows, topic_rows, visit_columns

PAGE_SIZE = 20
SORTS = {
    "activity": ("-pinned", "-last_activity_at", "-id"),
    "new": ("-pinned", "-created_at", "-id"),
    "replies": ("-pinned", "-reply_count", "-id"),
    "views": ("-pinned", "-view_count", "-id"),
}
SORT_LABELS = (
    ("activity", gettext_lazy("Last activity")),
    ("new", gettext_lazy("Newest")),
    ("replies", gettext_lazy("Most replies")),
    ("views", gettext_lazy("Most read")),
)
# Where a row's unread marker goes (see rows.topic_row).
_UNREAD = re.compile(r"<!--unread:(\d+)-->")


def minute() -> int:
    return int(time.time() // 60)


def visible_spaces(user) -> list[Space]:
    """The spaces ``user`` may read with their published topics counted, shared by
    every reader of the same spaces (not to be changed: the next reader gets the
    same objects)."""
    return cached(
        "discussion-spaces",
        (access.reader_key(user),),
        lambda: list(
            Space.objects.visible_to(user).annotate(
                topic_count=Count("topics", filter=Q(topics__status="published"))
            )
        ),
        scopes=(CONTENT,),
        in_process=True,
    )


def latest_topics(request, filters: dict, context: dict) -> dict:
    """The rows and the aside of /discussions/ for ``filters`` (valid ones only:
    ``space``, a visible space's slug; ``unanswered``; ``tag``; ``language``)."""
    user = request.user
    number = page_number(request)

    def topics():
        topics = Topic.objects.published().filter(space__in=spaces)
        if "unanswered" in filters:
            topics = topics.unanswered()
        if "tag" in filters:
            topics = topics.with_tag(filters["tag"])
        if "language" in filters:
            topics = topics.filter(language=filters["language"])
        return topics.order_by("-last_activity_at", "-id")

    def render() -> dict:
        selection = ("list", *parts)
        rows = TopicRows((*selection, tuple(spaces)), topics, _member_id(user))
        read.append(rows)
        head = _partial_once(
            context["template"], "topics_head", get_language(), filters=bool(filters)
        )
        return _render(rows, number, selection, context, head, show_space=True)

    # The spaces the reader may read are known (``visible_spaces``), so their
    # topics are asked by the spaces' ids: no subquery of the reader's
    # memberships to build and compile.
    spaces = [
        space.pk
        for space in context["spaces"]
        if filters.get("space", space.slug) == space.slug
    ]
    parts = (access.reader_key(user), tuple(sorted(filters.items())))
    read = []
    shared = _shared("discussion-list", (*parts, number), render, read)
    aside = cached(
        "discussion-list-aside",
        (*parts, get_language()),
        lambda: render_partials(context["template"], context, "aside")["aside"],
        scopes=(CONTENT,),
        in_process=True,
    )
    return {**shared, "aside": aside}


def space_topics(request, space: Space, sort: str, context: dict) -> dict:
    """The topics of a space as ``request.user`` may see them: published ones, and
    for its moderators those waiting or hidden, for an author their own."""
    user = request.user
    number = page_number(request)
    moderates = access.can_moderate(space, user)

    def topics():
        """What ``Topic.objects.visible_to`` lets the reader see here, from what
        is known of them already."""
        topics = Topic.objects.in_space(space).for_list()
        if not reads:
            return topics.none()
        if moderates:
            return topics
        own_topics = Q(status=Topic.Status.PUBLISHED) | Q(author_id=own)
        return topics.filter(own_topics) if own else topics.published()

    def render() -> dict:
        pending = list(topics().pending()[:20]) if moderates else []
        waiting = (
            render_partials(
                context["template"], {**context, "pending": pending}, "waiting"
            )["waiting"]
            if pending
            else ""
        )
        selection = ("space", *parts)
        rows = TopicRows(
            (*selection, sort),
            lambda: topics().order_by(*SORTS[sort]),
            _member_id(user),
        )
        read.append(rows)
        nav = _partial_once(context["template"], "sort_nav", get_language(), sort=sort)
        return _render(rows, number, selection, context, nav, waiting=waiting)

    reader = access.reader_of(user)
    reads = (
        space.is_open or access.is_site_moderator(user) or space.pk in reader["roles"]
    )
    own = user.pk if space.pk in reader["unpublished"] else None
    parts = (space.pk, reads, moderates, own)
    read = []
    return _shared("discussion-space", (*parts, sort, number), render, read)


@functools.lru_cache(maxsize=64)
def _partial_once(template_name: str, name: str, language: str, **values) -> str:
    """Partial ``name`` of ``template_name``, the same above every list (the
    heading, the links that sort a space's topics): it reads ``values`` and the
    sorts' labels alone, so it is rendered once a worker per ``values`` and
    ``language`` (the language active)."""
    context = {"sorts": SORT_LABELS, **values}
    return render_partials(template_name, context, name)[name]


def _shared(name: str, parts, render, read: list[TopicRows]) -> dict:
    """``render()``'s shared part, and ``seen``: when the member last opened each
    topic shown, where this request read the rows (``render`` puts them in
    ``read``), else None."""
    shared = cached(
        name,
        (*parts, get_language(), minute()),
        render,
        scopes=EVERYTHING,
        in_process=True,
    )
    return {**shared, "seen": read[0].seen if read else None}


def _member_id(user) -> int | None:
    return user.pk if user.is_authenticated else None


def _render(
    topics: TopicRows,
    number: int,
    selection: tuple,
    context: dict,
    head: str,
    *,
    waiting: str = "",
    show_space: bool = False,
) -> dict:
    """The shared part of a list: page ``number`` of ``topics``, whose count is
    read once for every page and sort of the same ``selection``, under ``head``
    (and the topics ``waiting`` for a moderator)."""
    paginator = CountCachedPaginator(topics, PAGE_SIZE, cache_parts=selection)
    page_obj = paginator.get_page(number)
    rows = list(page_obj.object_list)
    values = {
        "head": head,
        "waiting": waiting,
        "topic_rows": topic_rows(rows, show_space=show_space),
        "pagination": pagination(page_obj, context["query_string"]),
    }
    frame = _frame(context["template"], get_language())
    return {
        "html": "".join(
            values[part] if at % 2 else part for at, part in enumerate(frame)
        ),
        "activity": {topic.pk: topic.last_activity_at for topic in rows},
        "page": page_obj.number,
        "badge": format_html('<span class="badge">{}</span>', gettext("new for you")),
    }


@functools.lru_cache(maxsize=16)
def _frame(template_name: str, language: str) -> list[str]:
    """Partial ``topics`` of ``template_name`` around its values (the frame of
    every page of a list: the template engine's nodes cost a new address more
    than the few joins), rendered once a worker and ``language`` with a hole for
    each value and split at them: text, value's name, text, ... text."""
    holes = {name: f"kshub-hole-{name}" for name in _FRAME_VALUES}
    html = render_partials(template_name, holes, "topics")["topics"]
    return _FRAME_HOLE.split(html)


_FRAME_VALUES = ("head", "waiting", "topic_rows", "pagination")
_FRAME_HOLE = re.compile(f"kshub-hole-({'|'.join(_FRAME_VALUES)})")


def with_unread_markers(user, shared: dict) -> tuple[str, set]:
    """The shared rows with a marker on each topic that moved since ``user`` last
    opened it, and those topics' ids: one query for the page (none where this
    request read the rows, with their visits), none for visitors."""
    unread = set()
    if user.is_authenticated and shared["activity"]:
        seen = shared.get("seen")
        if seen is None:
            seen = _seen(user.pk, list(shared["activity"]))
        unread = {
            pk
            for pk, moved in shared["activity"].items()
            if pk not in seen or moved > seen[pk]
        }
    badge = shared["badge"]
    html = _UNREAD.sub(
        lambda match: badge if int(match[1]) in unread else "", shared["html"]
    )
    return html, unread


def _seen(member_id: int, topic_ids: list[int]) -> dict:
    """When the member last opened each of these topics they opened. Every
    member's request of a list asks it, so it is written out as SQL: built with
    the ORM, it cost a warm page a tenth of its time. Names from the model's
    metadata; values are parameters."""
    visits = visit_columns()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {visits.topic}, {visits.seen_at} FROM {visits.table} "  # noqa: S608
            f"WHERE {visits.member} = %s AND {visits.topic} = ANY(%s)",
            [member_id, topic_ids],
        )
        return dict(cursor.fetchall())
