"""Assessment pages: the instrument, a draft or a result, an institution's
assessments over time, the benchmark, and a result as CSV."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import Dimension
from members.access import participant_required
from members.models import Institution

from . import questionnaire, results, services
from .forms import AssessmentForm, VisibilityForm, note_field, statement_field
from .models import Assessment, DimensionResult
from .querysets import MIN_GROUP, institution_id_of


def index(request):
    own = institution_id_of(request.user)
    institution = Institution.objects.filter(pk=own).first() if own else None
    assessments = (
        Assessment.objects.of_institution(institution).order_by(
            "-status", "-submitted_at"
        )[:20]
        if institution
        else []
    )
    current = questionnaire.current()
    dimensions = {item.slug: item for item in Dimension.objects.all()}
    context = {
        "questionnaire": current,
        "sections": [
            (dimensions.get(slug, slug), statements)
            for slug, statements in current.sections
        ],
        "institution": institution,
        "assessments": assessments,
        "may_start": institution is not None
        and services.may_act_for(request.user, own),
    }
    return render(request, "assessment/index.html", context)


@require_POST
@participant_required
def start(request):
    try:
        assessment = services.start_assessment(member=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessment:index")
    return redirect(assessment)


def _visible(request, pk: int) -> Assessment:
    return get_object_or_404(
        Assessment.objects.visible_to(request.user).select_related("institution"),
        pk=pk,
    )


def detail(request, pk: int):
    assessment = _visible(request, pk)
    if assessment.is_draft:
        return _draft(request, assessment)
    if request.method == "POST":
        form = VisibilityForm(request.POST)
        if not services.may_act_for(request.user, assessment.institution_id):
            raise PermissionDenied(_("Only members of the institution may do this."))
        if form.is_valid():
            services.set_visibility(
                assessment=assessment,
                member=request.user,
                visibility=form.cleaned_data["visibility"],
            )
            messages.success(request, _("Visibility saved."))
            return redirect(assessment)
    result = results.result_for(assessment, user=request.user)
    context = {
        "assessment": assessment,
        "result": result,
        "radar": results.radar(result.rows),
        "questionnaire": questionnaire.get(assessment.version),
        "may_act": services.may_act_for(request.user, assessment.institution_id),
        "visibility_form": VisibilityForm(
            initial={"visibility": assessment.visibility}
        ),
        "min_group": MIN_GROUP,
    }
    return render(request, "assessment/result.html", context)


def _initial(assessment: Assessment) -> dict:
    initial = {"visibility": assessment.visibility}
    for statement, level in assessment.answers.values_list("statement", "level"):
        initial[statement_field(statement)] = level
    for slug, note in assessment.results.values_list("dimension__slug", "note"):
        initial[note_field(slug)] = note
    return initial


def _draft(request, assessment: Assessment):
    form_version = questionnaire.get(assessment.version)
    if form_version is None:
        raise Http404(_("This questionnaire version is no longer available."))
    editable = services.may_edit(request.user, assessment)
    form = AssessmentForm(
        request.POST if request.method == "POST" and editable else None,
        questionnaire=form_version,
        dimensions={item.slug: item for item in Dimension.objects.all()},
        initial=_initial(assessment),
    )
    status = 200
    if form.is_bound:
        saved = _save(request, assessment, form)
        if saved is not None:
            return saved
        status = 400
    context = {
        "assessment": assessment,
        "form": form,
        "editable": editable,
        "questionnaire": form_version,
    }
    return render(request, "assessment/draft.html", context, status=status)


def _save(request, assessment: Assessment, form: AssessmentForm):
    """Save what is valid; submit when asked. None when the form must show again."""
    # Errors are shown in the form itself, not as messages: the page is rendered
    # in this response, not after a redirect.
    if not form.is_valid():
        return None
    services.save_draft(
        assessment=assessment,
        member=request.user,
        levels=form.levels(),
        notes=form.notes(),
        visibility=form.cleaned_data["visibility"],
    )
    if request.POST.get("action") != "submit":
        messages.success(request, _("Draft saved."))
        return redirect(assessment)
    try:
        services.submit_assessment(assessment=assessment, member=request.user)
    except ValidationError as error:
        form.mark_missing(services.missing_statements(assessment))
        form.submit_error = " ".join(error.messages)
        return None
    messages.success(request, _("Assessment submitted. Here are your results."))
    return redirect(assessment)


def export(request, pk: int):
    assessment = _visible(request, pk)
    if assessment.is_draft:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="assessment-{assessment.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["institution", "version", "submitted_at", "dimension", "score"])
    rows = DimensionResult.objects.filter(assessment=assessment).select_related(
        "dimension"
    )
    for row in rows.order_by("dimension__position"):
        writer.writerow(
            [
                assessment.institution.slug,
                assessment.version,
                assessment.submitted_at.isoformat(),
                row.dimension.slug,
                row.score,
            ]
        )
    return response


def benchmark(request):
    figures = results.benchmark()
    dimensions = list(Dimension.objects.all())
    kinds = Institution.Kind.choices
    region_names = results.region_names()
    rows = [
        {
            "dimension": dimension,
            "all": figures["all"].get(dimension.pk, {}).get(""),
            "kinds": [
                figures["kind"].get(dimension.pk, {}).get(k) for k, _label in kinds
            ],
            "regions": [
                figures["region"].get(dimension.pk, {}).get(key) for key in region_names
            ],
        }
        for dimension in dimensions
    ]
    context = {
        "rows": rows,
        "kinds": [label for _key, label in kinds],
        "regions": list(region_names.values()),
        "min_group": MIN_GROUP,
    }
    return render(request, "assessment/benchmark.html", context)


def institution_assessments(request, slug: str):
    institution = get_object_or_404(Institution.objects.verified(), slug=slug)
    assessments = list(
        Assessment.objects.visible_to(request.user)
        .of_institution(institution)
        .order_by("-status", "-submitted_at", "-created_at")[:50]
    )
    submitted = [item for item in assessments if not item.is_draft]
    scores = {}
    for result in DimensionResult.objects.filter(assessment__in=submitted).values_list(
        "assessment_id", "dimension_id", "score"
    ):
        scores[(result[0], result[1])] = result[2]
    dimensions = list(Dimension.objects.all())
    table = [
        {
            "dimension": dimension,
            "scores": [scores.get((item.pk, dimension.pk)) for item in submitted],
        }
        for dimension in dimensions
    ]
    context = {
        "institution": institution,
        "assessments": assessments,
        "submitted": submitted,
        "table": table,
    }
    return render(request, "assessment/institution.html", context)
