"""What moderators and topic authors do to a topic, and who is in a private space.

Each action is a POST answered with a redirect and a message; bad input gets the
topic page's message and a 400, a member without the right a 403."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from comments.models import Comment
from members.access import can_participate

from . import access, services
from .forms import AnswerForm, MemberForm, MergeForm, MoveForm, ReasonForm
from .models import Membership, Space, Topic


def _topic_for(request, space: str, slug: str) -> Topic:
    topic = (
        Topic.objects.select_related("space")
        .filter(space__slug=space, slug=slug)
        .first()
    )
    if topic is None or not access.can_read_topic(topic, request.user):
        raise Http404
    return topic


def _answer(request, topic):
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Choose a reply."))
    comment = None
    if form.cleaned_data["comment"]:
        comment = Comment.objects.filter(pk=form.cleaned_data["comment"]).first()
        if comment is None:
            raise ValidationError(_("Choose a reply shown under this topic."))
    services.mark_answered(topic=topic, member=request.user, comment=comment)
    return _("The answer is marked.") if comment else _("The answer mark is removed.")


def _move(request, topic):
    form = MoveForm(request.POST)
    space = (
        form.is_valid()
        and Space.objects.filter(slug=form.cleaned_data["space"]).first()
    )
    if not space:
        raise ValidationError(_("There is no such space."))
    services.move_topic(topic=topic, moderator=request.user, space=space)
    return _("The topic was moved to %(space)s.") % {"space": space}


def _merge(request, topic):
    form = MergeForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors["into"])
    space_slug, slug = form.cleaned_data["into"]
    into = Topic.objects.filter(space__slug=space_slug, slug=slug).first()
    if into is None or not access.can_read_topic(into, request.user):
        raise ValidationError(_("There is no such topic."))
    services.merge_topic(topic=topic, into=into, moderator=request.user)
    return _("The topic was merged into “%(title)s”.") % {"title": into.title}


def _simple(service, message, **kwargs):
    def act(request, topic):
        service(topic=topic, moderator=request.user, **kwargs)
        return message

    return act


def _hide(request, topic):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.hide_topic(topic=topic, moderator=request.user, reason=reason)
    return _("The topic is hidden.")


ACTIONS = {
    "answer": _answer,
    "move": _move,
    "merge": _merge,
    "hide": _hide,
    "approve": _simple(services.approve_topic, _("The topic is published.")),
    "pin": _simple(services.pin_topic, _("The topic is pinned.")),
    "unpin": _simple(services.pin_topic, _("The topic is unpinned."), pinned=False),
    "close": _simple(services.close_topic, _("The topic is closed.")),
    "reopen": _simple(
        services.close_topic, _("The topic is open again."), closed=False
    ),
}


@require_POST
def topic_action(request, space, slug, action):
    if action not in ACTIONS:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    if not can_participate(request.user):
        raise PermissionDenied(_("Verify your e-mail address first."))
    topic = _topic_for(request, space, slug)
    try:
        message = ACTIONS[action](request, topic)
    except ValidationError as error:
        return render(
            request,
            "discussions/action_error.html",
            {"topic": topic, "errors": error.messages},
            status=400,
        )
    messages.success(request, str(message))
    if action == "hide":
        return redirect(topic.space)
    return redirect(topic)


@require_http_methods(["GET", "POST"])
def space_members(request, space):
    space = get_object_or_404(Space, slug=space)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access.can_moderate(space, request.user):
        if access.can_read_space(space, request.user):
            raise PermissionDenied(_("Only the moderators of this space may do this."))
        raise Http404
    form = MemberForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = _change_member(request, space, form)
        if status == 302:
            return redirect("discussions:members", space.slug)
    members = Membership.objects.filter(space=space).select_related("member__profile")
    return render(
        request,
        "discussions/space_members.html",
        {"space": space, "form": form, "members": members},
        status=status,
    )


def _change_member(request, space, form) -> int:
    if not form.is_valid():
        return 400
    member = (
        get_user_model()
        .objects.filter(username__iexact=form.cleaned_data["username"])
        .first()
    )
    if member is None:
        form.add_error("username", _("No member has this username."))
        return 400
    if request.POST.get("action") == "remove":
        services.remove_member(space=space, member=member, moderator=request.user)
        messages.success(request, _("%(name)s left the space.") % {"name": member})
    else:
        services.admit_member(space=space, member=member, moderator=request.user)
        messages.success(request, _("%(name)s was admitted.") % {"name": member})
    return 302
