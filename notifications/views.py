"""Following, notice preferences, unsubscribing from a mail, and inbound mail."""

import hashlib
import hmac

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members.access import participant_required

from . import inbound as inbound_mail
from . import services, tokens
from .forms import PreferencesForm, TopicForm
from .models import Kind
from .querysets import follows_of, preferences_of

MAX_INBOUND_BYTES = 2 * 1024 * 1024


@login_required
@never_cache
def preferences(request):
    member = request.user
    form = PreferencesForm(
        request.POST if request.POST.get("action") == "save" else None,
        initial_choices=preferences_of(member),
    )
    topics = TopicForm(request.POST if request.POST.get("action") == "topic" else None)
    if request.method == "POST":
        if form.is_bound and form.is_valid():
            services.set_preferences(member=member, choices=form.choices())
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
        if topics.is_bound and topics.is_valid():
            try:
                for key in topics.follow_keys():
                    services.follow(member=member, key=key)
            except ValidationError as error:
                topics.add_error(None, error.messages)
            else:
                messages.success(request, _("You follow it now."))
                return redirect("notifications:preferences")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "topics": topics, "follows": follows_of(member)}
    return render(request, "notifications/preferences.html", context, status=status)


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@participant_required
def follow(request):
    key = request.POST.get("key", "")
    back = _back(request, "/")
    if request.POST.get("action") == "unfollow":
        services.unfollow(member=request.user, key=key)
        messages.success(request, _("You no longer follow it."))
        return HttpResponseRedirect(back)
    try:
        services.follow(member=request.user, key=key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back)
    messages.success(
        request, _("You follow it now: you will hear of it as your preferences say.")
    )
    return HttpResponseRedirect(back)


@csrf_exempt  # the signed token is the authority, and mail programs post here
@never_cache
def unsubscribe(request, token: str):
    """A link from a mail: no sign-in. A GET asks (link checkers open links); a
    POST, from the page or the mail program's one-click (RFC 8058), does it."""
    try:
        data = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        return render(
            request, "notifications/unsubscribe.html", {"bad": True}, status=400
        )
    member = get_user_model().objects.filter(pk=data["member_id"]).first()
    if member is None:
        return render(
            request, "notifications/unsubscribe.html", {"bad": True}, status=400
        )
    labels = dict(Kind.choices)
    kinds = [labels[k] for k in data["kind"].split(",") if k in labels]
    followed = data["key"] and follows_of(member).filter(key=data["key"]).first()
    context = {"kinds": kinds, "followed": followed, "key": data["key"]}
    if request.method == "POST":
        services.unsubscribe(member=member, kind=data["kind"], key=data["key"])
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)


def _signed(request) -> bool:
    secret = settings.INBOUND_MAIL_SECRET
    if not secret:
        return False
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    given = request.headers.get("X-Signature", "").removeprefix("sha256=")
    return hmac.compare_digest(expected, given)


@csrf_exempt  # signed with the provider's shared secret instead
@require_POST
def inbound(request):
    """A mail provider posts the raw message (``message/rfc822``), signed with
    HMAC-SHA256 of the body in ``X-Signature``."""
    if len(request.body) > MAX_INBOUND_BYTES:
        return HttpResponseBadRequest("too large")
    if not _signed(request):
        return HttpResponseForbidden("bad signature")
    outcome = inbound_mail.receive(request.body)
    return HttpResponse(outcome, content_type="text/plain")
