"""Reading the latest topics across spaces and a space; starting and editing a
topic (its page: ``topic_page``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.holes import Situation, render_shared
from core.pagecache import (
    CONTENT,
    cache_for_visitors,
    cached,
    canonical_query,
)
from members.access import can_participate
from taxonomy.filters import canonical_redirect, theme_named

from . import access, pages, services
from .forms import TopicForm
from .models import Space, Topic

# The parameters each list reads (the header shows the search words, ``q``).
LIST_PARAMS = ("space", "unanswered", "tag", "language", "page", "q")
SPACE_PARAMS = ("sort", "page", "q")


def _clean(request, name: str, length: int = 100) -> str:
    return request.GET.get(name, "").replace("\x00", "").strip()[:length]


def _address(params):
    """The visitor's cache key of a list: its parameters, and the minute, as its
    rows say how long ago each topic moved."""
    return lambda request: f"{canonical_query(request, params)}#{pages.minute()}"


@cache_for_visitors(params=_address(LIST_PARAMS))
def topic_list(request):
    spaces = pages.visible_spaces(request.user)
    filters = {}
    slug = _clean(request, "space")
    space = next((s for s in spaces if s.slug == slug), None)
    if space is not None:
        filters["space"] = space.slug
    if request.GET.get("unanswered") == "1":
        filters["unanswered"] = "1"
    tag_slug = _clean(request, "tag")
    moved = canonical_redirect(request, tag_slug)
    if moved is not None:
        return moved
    tag, _canonical = theme_named(tag_slug)
    if tag is not None:
        filters["tag"] = tag.slug
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        filters["language"] = language
    context = {
        "template": "discussions/topic_list.html",
        "spaces": spaces,
        "filters": filters,
        "tag": tag,
        "query_string": urlencode(filters),
        "languages": settings.LANGUAGES,
    }
    shared = pages.latest_topics(request, filters, context)
    rows, _unread = pages.with_unread_markers(request.user, shared)
    # The page around the topics and the aside reads the same for every reader
    # of one kind and language: shared, its holes filled.
    return render_shared(
        request,
        context["template"],
        {"rows": _marked(rows), "aside": shared.get("aside", "")},
    )


def _marked(rows: str):
    return mark_safe(rows)  # noqa: S308 — the shared rows, marked


def _space_or_404(request, slug: str) -> Space:
    space = cached(
        "discussion-space-head",
        (slug,),
        lambda: (
            Space.objects.select_related("event", "dimension").filter(slug=slug).first()
        ),
        scopes=(CONTENT,),
        in_process=True,
    )
    if space is None or not access.can_read_space(space, request.user):
        raise Http404
    return space


@cache_for_visitors(params=_address(SPACE_PARAMS))
def space_detail(request, space):
    space = _space_or_404(request, space)
    user = request.user
    sort = request.GET.get("sort", "")
    sort = sort if sort in pages.SORTS else "activity"
    context = {
        "template": "discussions/space_detail.html",
        "space": space,
        "sort": sort,
        "query_string": f"sort={sort}",  # one of SORTS: nothing to quote
    }
    shared = pages.space_topics(request, space, sort, context)
    rows, _unread = pages.with_unread_markers(user, shared)
    # The page around the topics reads the space and what the reader may do in
    # it: shared by the readers of one kind and language who may do the same
    # there, its holes filled. Only a reader who may read the space gets here.
    can_post = access.can_post_in(space, user)
    can_moderate = access.can_moderate(space, user)
    return render_shared(
        request,
        context["template"],
        {"rows": _marked(rows)},
        Situation(
            {"space": space, "can_post": can_post, "can_moderate": can_moderate},
            ("space", space.pk, can_post, can_moderate),
        ),
    )


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
