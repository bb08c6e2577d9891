"""A topic's page.

What the topic shows (its text, its answer, related stories and similar
topics) is rendered from the template's partials once per content version,
language and the spaces the reader sees (:func:`_topic_parts`).

For a reader who may only read (neither the topic's author nor one of its
moderators, whose page has their own forms), the page around that is shared
too (``core.holes.render_shared``): rendered once per content version,
language, kind of reader and situation (the views it shows, the spaces they
see), the reply thread rendered for each request and put in its hole.
"""

import copy
import hashlib

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from cases.models import CaseStory
from core.holes import Situation, render_shared
from core.pagecache import EVERYTHING, cached, content_version, render_partials
from core.search import matches
from core.structured_data import page_data
from core.viewcounts import count_view, will_count_view
from events.models import Event

from . import access, services, structured_data
from .models import Space, Topic

TEMPLATE = "discussions/topic_detail.html"
RELATED = 5


def topic_detail(request, space, slug):
    head = cached(
        "topic-head",
        (space, slug),
        lambda: _topic_head(space, slug),
        scopes=EVERYTHING,
        in_process=True,
    )
    user = request.user
    if head is None or not access.can_read_topic(head, user):
        raise Http404
    topic = copy.copy(head)  # its reader shows their own view on it
    counting = topic.status == Topic.Status.PUBLISHED and will_count_view(
        request, topic
    )
    if counting:
        topic.view_count += 1
    can_moderate = access.can_moderate(topic.space, user)
    page = _topic_parts(request, head)
    context = {
        "topic": topic,
        "space": topic.space,
        "page": page,
        "can_moderate": can_moderate,
        "can_answer": user.is_authenticated
        and (topic.author_id == user.pk or can_moderate),
        "can_edit": services.can_edit(topic, user),
        "structured_data": page["structured_data"],
    }
    if context["can_answer"] or can_moderate:
        response = _own_page(request, context)
    else:
        response = _reader_page(request, context)
    services.record_visit(member=user, topic=topic)
    if counting:
        count_view(request, response, topic)
    return response


def _own_page(request, context: dict):
    """The page of the topic's author or of one of its moderators, with the
    forms only they see: rendered for them alone."""
    topic, user = context["topic"], request.user
    if context["can_answer"]:
        context["replies"] = _answer_choices(topic)
    if context["can_moderate"]:
        context["move_to"] = list(
            Space.objects.moderated_by(user).exclude(pk=topic.space_id)
        )
    return render(request, TEMPLATE, context)


def _reader_page(request, context: dict):
    """A reader's page: shared by the readers in the same situation, the reply
    thread in its hole."""
    topic = context["topic"]
    thread = render_to_string(f"{TEMPLATE}#thread", context, request)
    situation = (
        content_version(EVERYTHING),  # the topic's own changes too
        topic.view_count,
        access.reader_key(request.user),
        request.build_absolute_uri("/"),
    )
    # A digest: the key's parts must be short and free of spaces.
    digest = hashlib.blake2b(repr(situation).encode(), digest_size=12).hexdigest()
    return render_shared(
        request, TEMPLATE, {"thread": thread}, Situation(context, (topic.pk, digest))
    )


def _topic_head(space: str, slug: str) -> Topic | None:
    return (
        Topic.objects.select_related(
            "space", "author__profile", "answer__author__profile", "merged_into__space"
        )
        .prefetch_related(
            "tags",
            # What the page shows of them: their links.
            Prefetch(
                "case_stories",
                CaseStory.objects.only("title", "slug", "language"),
            ),
            Prefetch("events", Event.objects.only("title", "slug")),
        )
        .filter(space__slug=space, slug=slug)
        .first()
    )


def _topic_parts(request, topic: Topic) -> dict:
    """The topic's text, its answer and what is related to it, rendered once per
    content version for every reader who sees the same topics."""
    user = request.user
    site = request.build_absolute_uri("/")

    def render_parts() -> dict:
        context = {
            "topic": topic,
            "related_stories": _related_stories(topic),
            "similar_topics": _similar_topics(topic, user),
        }
        return {
            "structured_data": page_data(
                structured_data.topic(topic, request.build_absolute_uri)
            )
            if topic.is_public
            else "",
            **render_partials(TEMPLATE, context, "body", "related"),
        }

    return cached(
        "topic-page",
        (topic.pk, access.reader_key(user), get_language(), site),
        render_parts,
        scopes=EVERYTHING,
        in_process=True,
    )


def _answer_choices(topic: Topic) -> list:
    from comments.models import Comment

    return list(
        Comment.objects.on(topic)
        .visible()
        .select_related("author__profile")
        .order_by("created_at")[:100]
    )


def _similar_words(topic: Topic) -> str:
    """The title's longer words, any of which may match (web search syntax)."""
    words = sorted(
        {w.strip(".,;:!?¿¡()\"'").lower() for w in topic.title.split()},
        key=len,
        reverse=True,
    )
    return " or ".join(w for w in words[:6] if len(w) > 3)


def _related_stories(topic: Topic) -> list:
    q = _similar_words(topic)
    linked = list(topic.case_stories.all())
    if not q:
        return linked
    found = (
        CaseStory.objects.published()
        .filter(matches(q))
        .exclude(pk__in=[story.pk for story in linked])
        .only("title", "slug", "language")[: max(0, RELATED - len(linked))]
    )
    return [*linked, *found]


def _similar_topics(topic: Topic, user) -> list:
    q = _similar_words(topic)
    if not q:
        return []
    return list(
        Topic.objects.visible_to(user)
        .published()
        .filter(matches(q))
        .exclude(pk=topic.pk)
        .select_related("space")
        .only("title", "slug", "language", "space__slug")
        .order_by("-last_activity_at")[:RELATED]
    )
