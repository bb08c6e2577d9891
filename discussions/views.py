"""Reading and starting topics: the latest across spaces, a space, a topic."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cases.models import CaseStory
from core.search import matches
from core.structured_data import page_data
from core.viewcounts import count_view, will_count_view
from members.access import can_participate
from taxonomy.filters import canonical_redirect, theme_named

from . import access, services, structured_data
from .forms import TopicForm
from .models import Space, Topic, Visit

PAGE_SIZE = 20
SORTS = {
    "activity": ("-pinned", "-last_activity_at", "-id"),
    "new": ("-pinned", "-created_at", "-id"),
    "replies": ("-pinned", "-reply_count", "-id"),
    "views": ("-pinned", "-view_count", "-id"),
}
RELATED = 5


def _clean(request, name: str, length: int = 100) -> str:
    return request.GET.get(name, "").replace("\x00", "").strip()[:length]


def _page(request, topics):
    return Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))


def _mark_unread(user, topics) -> None:
    """``unread`` on each topic: changed since the member last opened it. One
    query for the page, none for visitors."""
    if not user.is_authenticated:
        for topic in topics:
            topic.unread = False
        return
    seen = dict(
        Visit.objects.filter(member=user, topic__in=[t.pk for t in topics]).values_list(
            "topic_id", "seen_at"
        )
    )
    for topic in topics:
        last_seen = seen.get(topic.pk)
        topic.unread = last_seen is None or topic.last_activity_at > last_seen


def topic_list(request):
    user = request.user
    spaces = list(
        Space.objects.visible_to(user).annotate(
            topic_count=Count("topics", filter=Q(topics__status="published"))
        )
    )
    by_slug = {space.slug: space for space in spaces}
    filters = {}
    topics = Topic.objects.visible_to(user).published()
    space = by_slug.get(_clean(request, "space"))
    if space is not None:
        topics, filters["space"] = topics.in_space(space), space.slug
    if request.GET.get("unanswered") == "1":
        topics, filters["unanswered"] = topics.unanswered(), "1"
    tag_slug = _clean(request, "tag")
    moved = canonical_redirect(request, tag_slug)
    if moved is not None:
        return moved
    tag, _canonical = theme_named(tag_slug)
    if tag is not None:
        topics, filters["tag"] = topics.with_tag(tag.slug), tag.slug
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        topics, filters["language"] = topics.filter(language=language), language
    page_obj = _page(request, topics.for_list().order_by("-last_activity_at", "-id"))
    _mark_unread(user, page_obj.object_list)
    context = {
        "page_obj": page_obj,
        "topics": page_obj.object_list,
        "spaces": spaces,
        "filters": filters,
        "tag": tag,
        "query_string": urlencode(filters),
        "languages": settings.LANGUAGES,
    }
    return render(request, "discussions/topic_list.html", context)


def _space_or_404(request, slug: str) -> Space:
    space = get_object_or_404(Space.objects.select_related("event"), slug=slug)
    if not access.can_read_space(space, request.user):
        raise Http404
    return space


def space_detail(request, space):
    space = _space_or_404(request, space)
    user = request.user
    sort = request.GET.get("sort", "")
    sort = sort if sort in SORTS else "activity"
    topics = Topic.objects.visible_to(user).in_space(space).for_list()
    page_obj = _page(request, topics.order_by(*SORTS[sort]))
    _mark_unread(user, page_obj.object_list)
    can_moderate = access.can_moderate(space, user)
    context = {
        "space": space,
        "page_obj": page_obj,
        "topics": page_obj.object_list,
        "sort": sort,
        "sorts": [
            ("activity", _("Last activity")),
            ("new", _("Newest")),
            ("replies", _("Most replies")),
            ("views", _("Most read")),
        ],
        "query_string": urlencode({"sort": sort}),
        "can_post": access.can_post_in(space, user),
        "can_moderate": can_moderate,
        "pending": list(topics.pending()[:20]) if can_moderate else [],
    }
    return render(request, "discussions/space_detail.html", context)


def topic_new(request, space):
    space = _space_or_404(request, space)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_participate(request.user):
        raise PermissionDenied(_("Verify your e-mail address first."))
    if not access.can_post_in(space, request.user):
        raise PermissionDenied(_("You may not start a topic in this space."))
    form = TopicForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                topic = services.start_topic(
                    author=request.user, space=space, **form.service_kwargs()
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if topic.status == Topic.Status.PENDING:
                    messages.info(
                        request,
                        _(
                            "Thank you. A new member's first topic is read by a "
                            "moderator before it is shown to everyone."
                        ),
                    )
                return redirect(topic)
        rate_limited = any(
            e.code == "rate_limited" for e in form.errors.as_data().get("__all__", [])
        )
        status = 429 if rate_limited else 400
    return render(
        request,
        "discussions/topic_form.html",
        {"form": form, "space": space},
        status=status,
    )


def topic_edit(request, space, slug):
    """The author edits their topic within the edit window."""
    topic = get_object_or_404(
        Topic.objects.select_related("space"), space__slug=space, slug=slug
    )
    if not access.can_read_topic(topic, request.user):
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.can_edit(topic, request.user):
        raise PermissionDenied(_("Only its author may edit a topic, for a while."))
    form = TopicForm(request.POST or None, initial=_initial(topic))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.edit_topic(
                    topic=topic, author=request.user, **form.service_kwargs()
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Your topic is saved."))
                return redirect(topic)
        status = 400
    context = {"form": form, "space": topic.space, "topic": topic}
    return render(request, "discussions/topic_form.html", context, status=status)


def _initial(topic: Topic) -> dict:
    return {
        "title": topic.title,
        "body": topic.body,
        "tags": ", ".join(topic.tags.names()),
        "language": topic.language,
        "case_stories": "\n".join(topic.case_stories.values_list("slug", flat=True)),
        "events": list(topic.events.values_list("pk", flat=True)),
    }


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def topic_detail(request, space, slug):
    topic = (
        Topic.objects.select_related(
            "space", "author__profile", "answer__author__profile", "merged_into__space"
        )
        .prefetch_related("tags", "case_stories", "events")
        .filter(space__slug=space, slug=slug)
        .first()
    )
    if topic is None or not access.can_read_topic(topic, request.user):
        raise Http404
    user = request.user
    counting = topic.status == Topic.Status.PUBLISHED and will_count_view(
        request, topic
    )
    if counting:
        topic.view_count += 1
    can_moderate = access.can_moderate(topic.space, user)
    context = {
        "topic": topic,
        "space": topic.space,
        "can_moderate": can_moderate,
        "can_answer": user.is_authenticated
        and (topic.author_id == user.pk or can_moderate),
        "can_edit": services.can_edit(topic, user),
        "related_stories": _related_stories(topic),
        "similar_topics": _similar_topics(topic, user),
        "structured_data": page_data(
            structured_data.topic(topic, request.build_absolute_uri)
        )
        if topic.is_public
        else "",
    }
    if context["can_answer"]:
        context["replies"] = _answer_choices(topic)
    if can_moderate:
        context["move_to"] = list(
            Space.objects.moderated_by(user).exclude(pk=topic.space_id)
        )
    response = render(request, "discussions/topic_detail.html", context)
    services.record_visit(member=user, topic=topic)
    if counting:
        count_view(request, response, topic)
    return response


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
