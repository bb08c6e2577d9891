"""The moderation desk: queues of what waits for a moderator, their actions, and
the audit log. Every action goes through a service that writes the audit log.

Site-wide moderators see everything; a moderator scoped to a KS dimension, an
event or a language sees, in every queue, count and the audit log, only what their
scope covers (``members.scopes.within``), and the services refuse the rest.
Institutions, messages, requests and offers, searches, themes and suspensions stay
with the site-wide group."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blog import services as blog_services
from blog.models import Post
from cases import services as case_services
from cases.models import CaseStory
from comments import services as comment_services
from comments.models import Comment, Flag
from discussions.models import Topic
from events.models import Event, Session
from members import services as member_services
from members.access import desk_required, moderator_required
from members.models import Institution
from members.scopes import within

from . import services
from .forms import AuditFilterForm, OptionalReasonForm, ReasonForm
from .models import ContactMessage
from .querysets import audit_entries, curation_counts, queue_counts

PAGE_SIZE = 20
AUDIT_PAGE_SIZE = 50


def _render_queue(request, template: str, queryset, extra=None):
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "counts": queue_counts(request.user),
        "page_obj": page_obj,
        "items": page_obj.object_list,
        "query_string": query.urlencode(),
        "here": request.get_full_path(),
        **(extra or {}),
    }
    return render(request, template, context)


def _back(request, default: str):
    """Where an action returns: the queue page it was sent from."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _run(request, action, *, done: str) -> None:
    """Call a moderation service; its refusal becomes a message, not an error page."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)


def _reason(request, *, required: bool) -> str | None:
    form = (ReasonForm if required else OptionalReasonForm)(request.POST)
    if form.is_valid():
        return form.cleaned_data["reason"].strip()
    messages.error(request, _("Give a reason for this action."))
    return None


# Queues ---------------------------------------------------------------------


@desk_required
@require_GET
def desk(request):
    recent = audit_entries(request.user)[:10]
    topics = within(Topic.objects.pending(), request.user).select_related(
        "space", "author__profile"
    )
    return render(
        request,
        "moderation/desk.html",
        {
            "counts": queue_counts(request.user),
            "curation": curation_counts(request.user),
            "recent_entries": recent,
            "pending_topics": topics[:20],
            "scopes": list(request.user.scopes.all())
            if not request.user.is_moderator
            else [],
        },
    )


CONTENT_STATUSES = {"submitted", "published"}


def _content_queue(request, queryset, template: str):
    """Submitted items oldest first; the published tab (to feature) newest first."""
    status = request.GET.get("status")
    status = status if status in CONTENT_STATUSES else "submitted"
    queryset = within(queryset.filter(status=status), request.user).order_by(
        "created_at" if status == "submitted" else "-published_at", "pk"
    )
    return _render_queue(request, template, queryset, {"status": status})


@desk_required
@require_GET
def case_queue(request):
    stories = CaseStory.objects.select_related("author__profile", "lead_institution")
    return _content_queue(request, stories, "moderation/cases.html")


@desk_required
@require_GET
def post_queue(request):
    posts = Post.objects.select_related("author__profile", "event")
    return _content_queue(request, posts, "moderation/posts.html")


@moderator_required
@require_GET
def institution_queue(request):
    queryset = (
        Institution.objects.proposed()
        .select_related("proposed_by__profile")
        .order_by("created_at", "pk")
    )
    return _render_queue(request, "moderation/institutions.html", queryset)


@desk_required
@require_GET
def comment_queue(request):
    queryset = (
        within(Comment.objects.flagged(), request.user)
        .select_related("author__profile")
        .annotate(open_flags=Count("flags", filter=Q(flags__dismissed_at__isnull=True)))
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=Flag.objects.filter(dismissed_at__isnull=True).select_related(
                    "member__profile"
                ),
                to_attr="open_flag_list",
            ),
            GenericPrefetch(
                "content_object",
                [
                    CaseStory.objects.all(),
                    Post.objects.all(),
                    Event.objects.all(),
                    Session.objects.select_related("event"),
                    Topic.objects.select_related("space"),
                ],
            ),
        )
        .order_by("-status", "created_at", "pk")  # "pending" before "visible"
    )
    return _render_queue(
        request,
        "moderation/comments.html",
        queryset,
        {"flag_reasons": dict(Flag.Reason.choices)},
    )


@moderator_required
@require_GET
def message_queue(request):
    queryset = (
        ContactMessage.objects.filter(handled_at__isnull=True)
        .select_related("sender__profile")
        .order_by("created_at", "pk")
    )
    return _render_queue(request, "moderation/messages.html", queryset)


@desk_required
@require_GET
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(audit_entries(request.user))
    page_obj = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/audit.html",
        {
            "counts": queue_counts(request.user),
            "form": form,
            "page_obj": page_obj,
            "entries": page_obj.object_list,
            "query_string": query.urlencode(),
        },
    )


# Actions --------------------------------------------------------------------


def _editorial_action(request, *, item, action: str, services: dict, keyword: str):
    """Publish, reject, (un)feature or archive a case story or a post: the same
    review workflow, each app's services doing the work."""
    moderator = request.user
    title = {"title": item.title}

    def call(name, **extra):
        return lambda: services[name](**{keyword: item}, moderator=moderator, **extra)

    if action == "publish":
        _run(request, call("publish"), done=_("Published “%(title)s”.") % title)
    elif action == "reject":
        reason = _reason(request, required=True)
        if reason is not None:
            _run(
                request,
                call("reject", reason=reason),
                done=_("Sent “%(title)s” back to its author.") % title,
            )
    elif action in ("feature", "unfeature"):
        _run(
            request,
            call("feature", featured=action == "feature"),
            done=_("Updated “%(title)s”.") % title,
        )
    elif action == "archive":
        _run(request, call("archive"), done=_("Archived “%(title)s”.") % title)
    else:
        raise Http404


CASE_SERVICES = {
    "publish": case_services.publish_case_story,
    "reject": case_services.reject_case_story,
    "feature": case_services.feature_case_story,
    "archive": case_services.archive_case_story,
}
POST_SERVICES = {
    "publish": blog_services.publish_post,
    "reject": blog_services.reject_post,
    "feature": blog_services.feature_post,
    "archive": blog_services.archive_post,
}


@desk_required
@require_POST
def case_action(request, pk: int, action: str):
    case_story = get_object_or_404(CaseStory, pk=pk)
    _editorial_action(
        request,
        item=case_story,
        action=action,
        services=CASE_SERVICES,
        keyword="case_story",
    )
    return _back(request, reverse("moderation:cases"))


@desk_required
@require_POST
def post_action(request, pk: int, action: str):
    post = get_object_or_404(Post, pk=pk)
    _editorial_action(
        request, item=post, action=action, services=POST_SERVICES, keyword="post"
    )
    return _back(request, reverse("moderation:posts"))


@moderator_required
@require_POST
def institution_action(request, pk: int, action: str):
    institution = get_object_or_404(Institution, pk=pk)
    moderator = request.user
    if action == "approve":
        _run(
            request,
            lambda: member_services.approve_institution(
                institution=institution, moderator=moderator
            ),
            done=_("Approved %(name)s.") % {"name": institution},
        )
    elif action == "reject":
        reason = _reason(request, required=True)
        if reason is not None:
            _run(
                request,
                lambda: member_services.reject_institution(
                    institution=institution, moderator=moderator, reason=reason
                ),
                done=_("Rejected %(name)s.") % {"name": institution},
            )
    else:
        raise Http404
    return _back(request, reverse("moderation:institutions"))


@desk_required
@require_POST
def comment_action(request, pk: int, action: str):
    comment = get_object_or_404(Comment, pk=pk)
    moderator = request.user
    if action == "hide":
        reason = _reason(request, required=False) or ""
        _run(
            request,
            lambda: comment_services.hide_comment(
                comment=comment, moderator=moderator, reason=reason
            ),
            done=_("The comment is hidden."),
        )
    elif action == "restore":
        _run(
            request,
            lambda: comment_services.restore_comment(
                comment=comment, moderator=moderator
            ),
            done=_("The comment is shown again."),
        )
    elif action == "dismiss":
        _run(
            request,
            lambda: comment_services.dismiss_flags(
                comment=comment, moderator=moderator
            ),
            done=_("The flags are dismissed."),
        )
    else:
        raise Http404
    return _back(request, reverse("moderation:comments"))


@moderator_required
@require_POST
def suspend_member(request, pk: int):
    member = get_object_or_404(get_user_model(), pk=pk)
    reason = _reason(request, required=True)
    if reason is not None:
        _run(
            request,
            lambda: member_services.suspend_member(
                member=member, moderator=request.user, reason=reason
            ),
            done=_("%(name)s is suspended.") % {"name": member.get_username()},
        )
    return _back(request, reverse("moderation:desk"))


@moderator_required
@require_POST
def message_handled(request, pk: int):
    message = get_object_or_404(ContactMessage, pk=pk)
    _run(
        request,
        lambda: services.mark_message_handled(message=message, moderator=request.user),
        done=_("Marked “%(subject)s” as handled.") % {"subject": message.subject},
    )
    return _back(request, reverse("moderation:messages"))
