"""Posting, replying, editing, removing and flagging comments.

Each view answers visitors with the sign-in page (coming back to the discussion
afterwards), members without a verified e-mail with 403, and bad input with the
form and its message, never an error page.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.access import can_participate

from . import services
from .forms import CommentForm, EditCommentForm, FlagForm
from .models import Comment
from .targets import can_read, get_target, is_commentable, label_for


def _comment_url(comment: Comment, target=None) -> str:
    target = target if target is not None else comment.content_object
    return f"{target.get_absolute_url()}#comment-{comment.pk}"


def _check_access(request, next_url: str):
    """A redirect to sign-in for visitors; PermissionDenied for those who may not
    take part; None for members in good standing."""
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if not can_participate(request.user):
        raise PermissionDenied(_("Confirm your e-mail address to take part."))
    return None


def _target_of(comment: Comment, user):
    """What the comment is under; 404 when the reader may not see that discussion."""
    target = comment.content_object
    if target is None or not can_read(target, user):
        raise Http404
    return target


def _form_status(form) -> int:
    rate_limited = any(
        error.code == "rate_limited"
        for error in form.errors.as_data().get("__all__", [])
    )
    return 429 if rate_limited else 400


def _post_from_form(request, form, target, parent=None):
    """Post the comment (or reply) and redirect to it; None leaves the errors on the
    form for the page to show again."""
    if not form.is_valid():
        return None
    try:
        comment = services.post_comment(
            author=request.user,
            target=target,
            parent=parent,
            body=form.cleaned_data["body"],
            submission_key=form.cleaned_data["submission_key"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return redirect(_comment_url(comment, target))


@require_POST
def post_comment(request):
    target = get_target(request.POST.get("target"), request.POST.get("object_id"))
    next_url = f"{target.get_absolute_url()}#comments" if target else "/"
    if denied := _check_access(request, next_url):
        return denied
    if target is None or not can_read(target, request.user):
        raise Http404
    form = CommentForm(request.POST)
    if posted := _post_from_form(request, form, target):
        return posted
    return render(
        request,
        "comments/comment_form.html",
        {
            "form": form,
            "target": target,
            "target_label": label_for(target),
            "action": "post",
            "title": _("Add a comment"),
        },
        status=_form_status(form),
    )


@require_http_methods(["GET", "POST"])
def reply(request, pk: int):
    parent = get_object_or_404(
        Comment.objects.select_related("author__profile"),
        pk=pk,
        status=Comment.Status.VISIBLE,
    )
    target = _target_of(parent, request.user)
    if not is_commentable(target):
        raise Http404
    next_url = (
        _comment_url(parent, target)
        if request.method == "POST"
        else request.get_full_path()
    )
    if denied := _check_access(request, next_url):
        return denied
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST)
        if posted := _post_from_form(request, form, target, parent=parent):
            return posted
        status = _form_status(form)
    else:
        form = CommentForm()
    return render(
        request,
        "comments/comment_form.html",
        {
            "form": form,
            "target": target,
            "parent": parent,
            "action": "reply",
            "title": _("Reply to a comment"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    comment = get_object_or_404(Comment, pk=pk)
    target = _target_of(comment, request.user)
    if denied := _check_access(request, request.get_full_path()):
        return denied
    if comment.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author may edit a comment."))
    status = 200
    if request.method == "POST":
        form = EditCommentForm(request.POST)
        if form.is_valid():
            try:
                services.edit_comment(
                    comment=comment,
                    author=request.user,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your comment was updated."))
                return redirect(_comment_url(comment, target))
        status = 400
    else:
        if not services.can_edit(comment, request.user):
            messages.error(
                request,
                _("This comment can no longer be edited.")
                if comment.status != Comment.Status.VISIBLE
                else _("Comments can be edited for %(minutes)d minutes after posting.")
                % {"minutes": settings.COMMENT_EDIT_WINDOW_MINUTES},
            )
            return redirect(_comment_url(comment, target))
        form = EditCommentForm(initial={"body": comment.body})
    return render(
        request,
        "comments/comment_form.html",
        {
            "form": form,
            "target": target,
            "comment": comment,
            "action": "edit",
            "title": _("Edit your comment"),
        },
        status=status,
    )


@require_POST
def remove(request, pk: int):
    comment = get_object_or_404(Comment, pk=pk)
    target = _target_of(comment, request.user)
    if denied := _check_access(request, _comment_url(comment, target)):
        return denied
    services.remove_comment(comment=comment, author=request.user)
    messages.success(request, _("Your comment was removed."))
    return redirect(_comment_url(comment, target))


@require_http_methods(["GET", "POST"])
def flag(request, pk: int):
    comment = get_object_or_404(
        Comment.objects.select_related("author__profile"),
        pk=pk,
        status=Comment.Status.VISIBLE,
    )
    target = _target_of(comment, request.user)
    next_url = (
        _comment_url(comment, target)
        if request.method == "POST"
        else request.get_full_path()
    )
    if denied := _check_access(request, next_url):
        return denied
    status = 200
    if request.method == "POST":
        form = FlagForm(request.POST)
        if form.is_valid():
            try:
                services.flag_comment(
                    comment=comment,
                    member=request.user,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Thank you. The moderators will look at this comment."),
                )
                return redirect(_comment_url(comment, target))
        status = _form_status(form)
    else:
        form = FlagForm()
    return render(
        request,
        "comments/flag_form.html",
        {"form": form, "target": target, "comment": comment},
        status=status,
    )
