"""Flagging a request or an offer: a member tells the moderators it should not
be listed; enough flags hold it for review."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from members.access import participant_required

from . import review
from .models import KnowledgeOffer, KnowledgeRequest, ListingFlag


class ListingFlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"), choices=ListingFlag.Reason.choices
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the moderators (optional)"),
        max_length=500,
        required=False,
    )


def _flag(request, item):
    form = ListingFlagForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            review.flag_listing(
                item=item,
                member=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except review.FlagRateLimited as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The moderators will look at it."))
            return redirect(item)
    errors = [message for errors in form.errors.values() for message in errors]
    context = {"errors": errors, "back": item.get_absolute_url()}
    return render(request, "exchanges/refused.html", context, status=status)


@require_POST
@participant_required
def request_flag(request, slug):
    return _flag(
        request, get_object_or_404(KnowledgeRequest.objects.listed(), slug=slug)
    )


@require_POST
@participant_required
def offer_flag(request, slug):
    item = get_object_or_404(KnowledgeOffer.objects.listed(), slug=slug)
    return _flag(request, item)
