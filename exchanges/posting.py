"""The forms that post and edit knowledge requests and offers."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cases.models import Dimension
from members.access import participant_required

from . import services
from .forms import OfferForm, RequestForm
from .models import (
    SUMMARY_MAX_LENGTH,
    KnowledgeOffer,
    KnowledgeRequest,
    WorkingLanguage,
)

NEEDED_WITHIN = datetime.timedelta(days=180)
# What a link may fill in, and at most how much of it.
PREFILLED = (
    ("title", 200),
    ("summary", SUMMARY_MAX_LENGTH),
    ("body", 5000),
    ("context", 5000),
)


@participant_required
def request_create(request):
    return _post_listing(request, RequestForm, None)


@participant_required
def offer_create(request):
    return _post_listing(request, OfferForm, None)


@participant_required
def request_edit(request, slug):
    return _post_listing(request, RequestForm, _own(request, KnowledgeRequest, slug))


@participant_required
def offer_edit(request, slug):
    return _post_listing(request, OfferForm, _own(request, KnowledgeOffer, slug))


def _own(request, model, slug):
    item = get_object_or_404(model.objects.visible_to(request.user), slug=slug)
    if not (request.user.is_moderator or item.contact_id == request.user.pk):
        raise PermissionDenied(_("Only its contact member may change this."))
    return item


def _post_listing(request, form_class, item):
    """One form for a new request or offer and for editing one. A member of an
    institution not yet verified may post: the listing waits for review."""
    user = request.user
    own = services.institution_of(user)
    if item is None and own is None:
        return render(request, "exchanges/needs_institution.html", status=403)
    extra = (
        {"institution": item.institution if item else own}
        if (form_class is OfferForm)
        else {}
    )
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, **extra)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                saved = _save_listing(user, form_class, item, data)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, _saved_message(saved))
                return redirect(saved)
        status = 400
    elif item is not None:
        form = form_class(initial=form_class.initial_for(item), **extra)
    else:
        form = form_class(initial=_prefilled(request.GET), **extra)
    kind = "request" if form_class is RequestForm else "offer"
    held = item is None and not own.verified
    context = {"form": form, "item": item, "kind": kind, "held": held}
    return render(request, "exchanges/listing_form.html", context, status=status)


def _saved_message(saved) -> str:
    if saved.awaiting_review:
        return _("Saved. A moderator will review it before it is listed.")
    return _("Saved and published.")


def _prefilled(query) -> dict:
    """A new listing starts in the reader's language, a request with six months
    to find help. The site search's "Ask the community" link names the title; an
    assessment's "Ask for help on this" names the dimension, a summary and the
    institution's note on it."""

    def given(name: str, length: int) -> str:
        return query.get(name, "").replace("\x00", "")[:length]

    language = get_language()
    initial = {"needed_by": timezone.localdate() + NEEDED_WITHIN}
    if language in WorkingLanguage.values:
        initial.update(language=language, languages=[language])
    for name, length in PREFILLED:
        if value := given(name, length):
            initial[name] = value
    slug = given("dimension", 80)
    if slug and (dimension := Dimension.objects.filter(slug=slug).first()):
        initial["dimensions"] = [dimension.pk]
    return initial


def _save_listing(user, form_class, item, data):
    if item is not None:
        return services.update_listing(item=item, member=user, **data)
    if form_class is RequestForm:
        return services.create_request(member=user, **data)
    return services.create_offer(member=user, **data)


def attach_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
