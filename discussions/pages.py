"""The parts of the discussion pages that read the same for every reader who may
see the same topics, rendered once and kept under the content versions
(``core.pagecache``: a new topic, a reply, a moderator's action bumps one), the
language and the minute (a row says how long ago its topic moved), in the
process's memory after the first read. A member's request adds only what is
theirs: the unread markers (one query) and their own controls."""

import re
import time

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from core.pagecache import CONTENT, EVERYTHING, cached, page_number, render_partials

from . import access
from .models import Space, Topic, Visit

PAGE_SIZE = 20
SORTS = {
    "activity": ("-pinned", "-last_activity_at", "-id"),
    "new": ("-pinned", "-created_at", "-id"),
    "replies": ("-pinned", "-reply_count", "-id"),
    "views": ("-pinned", "-view_count", "-id"),
}
# Where a row's unread marker goes (see topic_rows.html).
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
        return _render(ordered, number, context, "content")

    parts = (access.reader_key(user), sorted(filters.items()), number)
    return _shared("discussion-list", parts, render)


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
        return _render(ordered, number, {**context, "pending": pending}, "topics")

    reader = access.reader_of(user)
    reads = (
        space.is_open or access.is_site_moderator(user) or space.pk in reader["roles"]
    )
    own = user.pk if space.pk in reader["unpublished"] else None
    parts = (space.pk, sort, number, reads, moderates, own)
    return _shared("discussion-space", parts, render)


def _shared(name: str, parts, render) -> dict:
    return cached(
        name,
        (*parts, get_language(), minute()),
        render,
        scopes=EVERYTHING,
        in_process=True,
    )


def _render(topics, number, context: dict, partial: str) -> dict:
    page_obj = Paginator(topics, PAGE_SIZE).get_page(number)
    rows = list(page_obj.object_list)
    template = context["template"]
    html = render_partials(
        template, {**context, "page_obj": page_obj, "topics": rows}, partial
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
