import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from assessment import questionnaire, services
from assessment.models import Assessment, DimensionResult
from tests import factories

pytestmark = pytest.mark.django_db


def all_levels(level: int = 3) -> dict:
    return {item.key: level for item in questionnaire.current().statements}


def save(assessment, member, levels, notes=None, visibility="private"):
    return services.save_draft(
        assessment=assessment,
        member=member,
        levels=levels,
        notes=notes or {},
        visibility=visibility,
    )


def test_questionnaire_has_ten_dimensions_in_three_languages():
    current = questionnaire.current()
    assert len(current.dimension_slugs) == 10
    for statement in current.statements:
        assert set(statement.texts) >= {"en", "es", "fr"}
    for level in current.levels:
        assert set(level.descriptions) >= {"en", "es", "fr"}


def test_start_assessment_needs_an_institution(member):
    with pytest.raises(ValidationError):
        services.start_assessment(member=member)


def test_start_assessment_continues_the_draft(member_of):
    first = services.start_assessment(member=member_of)
    assert services.start_assessment(member=member_of) == first
    assert first.version == questionnaire.current().version


def test_start_assessment_refuses_unverified(institution):
    user = factories.UserFactory()
    user.profile.institution = institution
    user.profile.save()
    with pytest.raises(PermissionDenied):
        services.start_assessment(member=user)


def test_save_draft_only_by_members_of_the_institution(member_of, member):
    assessment = services.start_assessment(member=member_of)
    with pytest.raises(PermissionDenied):
        save(assessment, member, all_levels())


def test_save_draft_keeps_answers_and_notes(member_of):
    assessment = services.start_assessment(member=member_of)
    levels = {"culture-vision": 2, "culture-time": None}
    save(assessment, member_of, levels, {"learning-culture": " A note. "}, "members")
    assessment.refresh_from_db()
    assert dict(assessment.answers.values_list("statement", "level")) == {
        "culture-vision": 2
    }
    assert assessment.results.get(dimension__slug="learning-culture").note == (
        "A note."
    )
    assert assessment.visibility == "members"


def test_save_draft_refuses_out_of_range(member_of):
    assessment = services.start_assessment(member=member_of)
    with pytest.raises(ValidationError):
        save(assessment, member_of, {"culture-vision": 7})


def test_submit_refuses_incomplete_and_keeps_the_draft(member_of):
    assessment = services.start_assessment(member=member_of)
    levels = all_levels()
    levels["technology-reach"] = None
    save(assessment, member_of, levels)
    with pytest.raises(ValidationError) as caught:
        services.submit_assessment(assessment=assessment, member=member_of)
    assert caught.value.code == "incomplete"
    assessment.refresh_from_db()
    assert assessment.is_draft
    assert assessment.answers.count() == len(levels) - 1


def test_submit_fixes_the_mean_score_per_dimension(member_of):
    assessment = services.start_assessment(member=member_of)
    levels = all_levels(2)
    levels.update({"culture-vision": 4, "culture-time": 3, "culture-failure": 4})
    save(assessment, member_of, levels)
    services.submit_assessment(assessment=assessment, member=member_of)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert assessment.submitted_at is not None
    scores = dict(assessment.results.values_list("dimension__slug", "score"))
    assert float(scores["learning-culture"]) == pytest.approx(3.67)
    assert float(scores["measuring-results"]) == 2.0
    with pytest.raises(ValidationError):
        save(assessment, member_of, levels)


def test_results_survive_a_missing_questionnaire_version(member_of):
    assessment = factories.submitted_assessment(
        institution=member_of.profile.institution, version="1999-1"
    )
    assert questionnaire.get("1999-1") is None
    assert DimensionResult.objects.filter(assessment=assessment).count() == 10


def test_one_draft_per_institution_is_a_constraint(institution):
    factories.AssessmentFactory(institution=institution)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.AssessmentFactory(institution=institution)


def test_submitted_needs_a_date(institution):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.AssessmentFactory(institution=institution, status="submitted")


def test_set_visibility_by_members_only(member_of, member):
    assessment = factories.submitted_assessment(
        institution=member_of.profile.institution
    )
    services.set_visibility(
        assessment=assessment, member=member_of, visibility="public"
    )
    assert Assessment.objects.get(pk=assessment.pk).visibility == "public"
    with pytest.raises(PermissionDenied):
        services.set_visibility(
            assessment=assessment, member=member, visibility="private"
        )
