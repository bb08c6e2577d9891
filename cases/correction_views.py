"""Pages of a story's curation: its history, suggesting a correction, and the
review of one (side by side, accept or decline)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.diffs import field_changes
from core.ratelimit import RateLimited
from members.access import participant_required

from . import corrections
from .forms import CorrectionForm, DecisionForm
from .history import story_versions
from .models import CaseStory, Correction


@require_GET
def case_history(request, slug):
    case = get_object_or_404(
        CaseStory.objects.visible_to(request.user).only(
            "slug", "title", "status", "language"
        ),
        slug=slug,
    )
    return render(
        request,
        "cases/casestory_history.html",
        {"case": case, "versions": story_versions(case)},
    )


@participant_required
def suggest_correction(request, slug):
    case = get_object_or_404(CaseStory.objects.published(), slug=slug)
    status = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                correction = corrections.suggest_correction(
                    case_story=case, proposer=request.user, **form.cleaned_data
                )
            except RateLimited as error:
                form.add_error(None, error)
                status = 429
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. The author or a moderator will review your "
                        "correction."
                    ),
                )
                return redirect(correction)
        else:
            status = 400
    else:
        form = CorrectionForm(initial=CorrectionForm.initial_for(case))
    return render(
        request,
        "cases/correction_form.html",
        {"case": case, "form": form},
        status=status,
    )


@participant_required
@require_GET
def correction_detail(request, slug, pk):
    correction = _correction(request, slug, pk)
    case = correction.case_story
    labels = [
        (name, CaseStory._meta.get_field(name).verbose_name)
        for name in correction.proposed
    ]
    context = {
        "case": case,
        "correction": correction,
        "changes": field_changes(labels, correction.original, correction.proposed),
        "can_decide": correction.status == Correction.Status.PENDING
        and corrections.can_review_corrections(request.user, case),
        "form": DecisionForm(),
    }
    return render(request, "cases/correction_detail.html", context)


@require_POST
@participant_required
def correction_action(request, slug, pk, action):
    correction = _correction(request, slug, pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else None
    if note is None:
        messages.error(request, _("The note is too long."))
        return redirect(correction)
    try:
        if action == "accept":
            corrections.accept_correction(
                correction=correction, reviewer=request.user, note=note
            )
            done = _("The correction is accepted: the story now reads so.")
        elif action == "decline":
            corrections.decline_correction(
                correction=correction, reviewer=request.user, note=note
            )
            done = _("The correction is declined.")
        else:
            raise Http404
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, done)
    return redirect(correction)


def _correction(request, slug, pk) -> Correction:
    """The correction, for its proposer and for those who decide on it."""
    correction = get_object_or_404(
        Correction.objects.select_related(
            "case_story__author__profile",
            "proposer__profile",
            "decided_by__profile",
        ),
        pk=pk,
        case_story__slug=slug,
    )
    user = request.user
    if not (
        correction.proposer_id == user.pk
        or corrections.can_review_corrections(user, correction.case_story)
    ):
        raise PermissionDenied(_("Only the proposer, the author and the moderators."))
    return correction
