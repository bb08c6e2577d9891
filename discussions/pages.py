"""The parts of the discussion pages that read the same for every reader who may
see the same topics, rendered once and kept under the content versions
(``core.pagecache``: a new topic, a reply, a moderator's action bumps one), the
language and the minute (a row says how long ago its topic moved), in the
process's memory after the first read. A member's request adds only what is
theirs: the unread markers (one query) and their own controls."""

import re
import time

from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from core.pagecache import (
    CONTENT,
    EVERYTHING,
    CountCachedPaginator,
    cached,
    page_number,
    render_partials,
)

from . import access
from .models import Space, Topic, Visit
from .rows import topic_rows

PAGE_SIZE = 20
SORTS = {
    "activity": ("-pinned", "-last_activity_at", "-id"),
    "new": ("-pinned", "-created_at", "-id"),
    "replies": ("-pinned", "-reply_count", "-id"),
    "views": ("-pinned", "-view_count", "-id"),
}
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

    def render() -> dict:
        topics = Topic.objects.visible_to(user).published()
        if "space" in filters:
            topics = topics.filter(space__slug=filters["space"])
        if "unanswered" in filters:
            topics = topics.unanswered()
        if "tag" in filters:
            topics = topics.with_tag(filters["tag"])
        if "language" in filters:
            topics = topics.filter(language=filters["language"])
        ordered = topics.for_list().order_by("-last_activity_at", "-id")
        selection = ("list", *parts)
        return _render(ordered, number, selection, {**context, "show_space": True})

    parts = (access.reader_key(user), sorted(filters.items()))
    return _shared("discussion-list", (*parts, number), render)


def space_topics(request, space: Space, sort: str, context: dict) -> dict:
    """The topics of a space as ``request.user`` may see them: published ones, and
    for its moderators those waiting or hidden, for an author their own."""
    user = request.user
    number = page_number(request)
    moderates = access.can_moderate(space, user)

    def render() -> dict:
        topics = Topic.objects.visible_to(user).in_space(space).for_list()
        pending = list(topics.pending()[:20]) if moderates else []
        ordered = topics.order_by(*SORTS[sort])
        selection = ("space", *parts)
        return _render(ordered, number, selection, {**context, "pending": pending})

    reader = access.reader_of(user)
    reads = (
        space.is_open or access.is_site_moderator(user) or space.pk in reader["roles"]
    )
    own = user.pk if space.pk in reader["unpublished"] else None
    parts = (space.pk, reads, moderates, own)
    return _shared("discussion-space", (*parts, sort, number), render)


def _shared(name: str, parts, render) -> dict:
    return cached(
        name,
        (*parts, get_language(), minute()),
        render,
        scopes=EVERYTHING,
        in_process=True,
    )


def _render(topics, number: int, selection: tuple, context: dict) -> dict:
    """The shared part of a list: page ``number`` of ``topics``, whose count is
    read once for every page and sort of the same ``selection``."""
    paginator = CountCachedPaginator(topics, PAGE_SIZE, cache_parts=selection)
    page_obj = paginator.get_page(number)
    rows = list(page_obj.object_list)
    shown = topic_rows(rows, show_space=context.get("show_space", False))
    partial = "content" if context.get("show_space") else "topics"
    html = render_partials(
        context["template"],
        {**context, "page_obj": page_obj, "topic_rows": shown},
        partial,
    )[partial]
    return {
        "html": html,
        "activity": {topic.pk: topic.last_activity_at for topic in rows},
        "page": page_obj.number,
        "badge": format_html('<span class="badge">{}</span>', gettext("new for you")),
    }


def with_unread_markers(user, shared: dict) -> tuple[str, set]:
    """The shared rows with a marker on each topic that moved since ``user`` last
    opened it, and those topics' ids: one query for the page, none for visitors."""
    unread = set()
    if user.is_authenticated and shared["activity"]:
        seen = dict(
            Visit.objects.filter(
                member=user, topic__in=list(shared["activity"])
            ).values_list("topic_id", "seen_at")
        )
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
