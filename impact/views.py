"""The impact pages: the community's figures, the flow map, an institution's report,
the figures as CSV; and marking a story adapted."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import CaseStory, Dimension
from core.pagecache import CONTENT, EVERYTHING, cache_for_visitors, cached
from exchanges.regions import REGION_CHOICES
from members.access import moderator_required, participant_required
from members.models import Institution

from . import figures, presentation, services
from .filters import active_filters
from .forms import AdoptionForm, HideForm
from .models import Adoption
from .reports import institution_report


def _charts(name: str, parts, compute, *, scopes=(CONTENT,)) -> dict:
    """A page's charts and tables, drawn once per content version and language and
    kept in the worker's memory too: a member's request only renders around them."""
    context = cached(
        name, (*parts, get_language()), compute, scopes=scopes, in_process=True
    )
    return dict(context)


@cache_for_visitors(scopes=(CONTENT,))
def index(request):
    return render(
        request,
        "impact/index.html",
        _charts("impact-index-page", (), presentation.community),
    )


@cache_for_visitors(scopes=(CONTENT,))
def flows(request):
    active = active_filters(request.GET)
    context = _charts(
        "impact-flows-page",
        sorted(active.items()),
        lambda: presentation.flows(figures.filtered_flows(**active)),
    )
    context.update(
        active=active,
        dimensions=Dimension.objects.all(),
        regions=REGION_CHOICES,
        years=figures.community()["years"],
    )
    return render(request, "impact/flows.html", context)


def _institution(request, slug: str) -> Institution:
    institution = get_object_or_404(Institution, slug=slug)
    if not institution.verified and not (
        request.user.is_authenticated and request.user.is_moderator
    ):
        raise Http404
    return institution


@cache_for_visitors(scopes=EVERYTHING)
def report(request, slug):
    institution = _institution(request, slug)
    context = _charts(
        "impact-report-page",
        (institution.pk,),
        lambda: presentation.report(institution_report(institution)),
        scopes=EVERYTHING,
    )
    context["institution"] = institution
    return render(request, "impact/report.html", context)


def data_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ks-hub-impact.csv"'
    writer = csv.writer(response)
    writer.writerow(["chart", "key", "detail", "value"])
    writer.writerows(presentation.csv_rows(figures.community()))
    return response


@participant_required
def adopt(request, slug):
    case = get_object_or_404(CaseStory.objects.published(), slug=slug)
    form = AdoptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_story(
                member=request.user, case_story=case, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: the story shows your adoption."))
            return redirect(case.get_absolute_url() + "#adoptions")
    status = 400 if form.errors else 200
    context = {"form": form, "case": case, "adoption": None}
    return render(request, "impact/adoption_form.html", context, status=status)


@participant_required
def edit(request, pk):
    adoption = get_object_or_404(Adoption.objects.for_list(), pk=pk)
    if adoption.author_id != request.user.pk or adoption.status == "withdrawn":
        raise PermissionDenied(_("Only its author can change this adoption."))
    form = AdoptionForm(request.POST or None, initial={"note": adoption.note})
    if request.method == "POST" and form.is_valid():
        services.edit_adoption(
            adoption=adoption, member=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, _("Your note is saved."))
        return redirect(adoption.get_absolute_url())
    status = 400 if form.errors else 200
    context = {"form": form, "case": adoption.case_story, "adoption": adoption}
    return render(request, "impact/adoption_form.html", context, status=status)


@require_POST
@participant_required
def withdraw(request, pk):
    adoption = get_object_or_404(Adoption.objects.for_list(), pk=pk)
    services.withdraw_adoption(adoption=adoption, member=request.user)
    messages.success(request, _("Your adoption is withdrawn."))
    return redirect(adoption.case_story.get_absolute_url())


@require_POST
@moderator_required
def hide(request, pk):
    adoption = get_object_or_404(Adoption.objects.for_list(), pk=pk)
    form = HideForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.hide_adoption(adoption=adoption, moderator=request.user, reason=reason)
    messages.success(request, _("The adoption is hidden."))
    return redirect(adoption.case_story.get_absolute_url())


@require_POST
@moderator_required
def restore(request, pk):
    adoption = get_object_or_404(Adoption.objects.for_list(), pk=pk)
    services.restore_adoption(adoption=adoption, moderator=request.user)
    messages.success(request, _("The adoption is shown again."))
    return redirect(adoption.get_absolute_url())
