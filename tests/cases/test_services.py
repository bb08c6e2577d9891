import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import CaseStory, Dimension
from core.models import AuditEntry
from tests.factories import (
    CaseStoryFactory,
    DimensionFactory,
    DraftCaseStoryFactory,
    InstitutionFactory,
    MemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def submitted(**kwargs):
    return DraftCaseStoryFactory(
        status=CaseStory.Status.SUBMITTED,
        dimensions=[DimensionFactory()],
        **kwargs,
    )


def test_publish_case_story_refuses_a_non_moderator(member):
    case = submitted()
    with pytest.raises(PermissionDenied):
        services.publish_case_story(case_story=case, moderator=member)
    case.refresh_from_db()
    assert case.status == CaseStory.Status.SUBMITTED
    assert not AuditEntry.objects.exists()


def test_publish_case_story_publishes_and_audits(moderator):
    case = submitted()
    services.publish_case_story(case_story=case, moderator=moderator)
    case.refresh_from_db()
    assert case.status == CaseStory.Status.PUBLISHED
    assert case.published_at is not None
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (
        moderator,
        "publish",
        case.pk,
    )


def test_publish_case_story_refuses_a_draft(moderator):
    with pytest.raises(ValidationError):
        services.publish_case_story(
            case_story=DraftCaseStoryFactory(), moderator=moderator
        )


def test_reject_case_story_mails_the_reason_to_the_author(
    moderator, django_capture_on_commit_callbacks
):
    case = submitted()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_case_story(
            case_story=case, moderator=moderator, reason="Please add results."
        )
    case.refresh_from_db()
    assert case.status == CaseStory.Status.REJECTED
    assert case.rejection_reason == "Please add results."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [case.author.email]
    assert "Please add results." in mail.outbox[0].body
    assert AuditEntry.objects.get().reason == "Please add results."


def test_reject_case_story_requires_a_reason(moderator):
    with pytest.raises(ValidationError):
        services.reject_case_story(
            case_story=submitted(), moderator=moderator, reason=" "
        )


def test_reject_case_story_refuses_a_non_moderator(member):
    with pytest.raises(PermissionDenied):
        services.reject_case_story(
            case_story=submitted(), moderator=member, reason="No"
        )


def test_feature_case_story_features_and_unfeatures(moderator):
    case = CaseStoryFactory()
    services.feature_case_story(case_story=case, moderator=moderator)
    case.refresh_from_db()
    assert case.featured
    services.feature_case_story(case_story=case, moderator=moderator, featured=False)
    case.refresh_from_db()
    assert not case.featured
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "feature",
        "unfeature",
    ]


def test_feature_case_story_refuses_unpublished(moderator):
    with pytest.raises(ValidationError):
        services.feature_case_story(case_story=submitted(), moderator=moderator)


def test_archive_case_story_hides_it_from_published(moderator):
    case = CaseStoryFactory(featured=True)
    services.archive_case_story(case_story=case, moderator=moderator)
    case.refresh_from_db()
    assert case.status == CaseStory.Status.ARCHIVED
    assert not case.featured
    assert not CaseStory.objects.published().exists()
    assert AuditEntry.objects.get().action == "archive"


def test_create_case_story_refuses_an_unverified_member():
    with pytest.raises(PermissionDenied):
        services.create_case_story(author=UserFactory(), title="T", summary="S")
    assert not CaseStory.objects.exists()


def test_create_case_story_saves_a_draft_with_its_relations(member):
    lead, partner = InstitutionFactory(), InstitutionFactory()
    dimension = Dimension.objects.get(slug="partnerships")
    case = services.create_case_story(
        author=member,
        title="New",
        summary="A summary.",
        lead_institution=lead,
        partner_institutions=[partner, lead],
        countries=["cl", "MX", "CL"],
        dimensions=[dimension],
        tags=["health", "education"],
    )
    assert case.status == CaseStory.Status.DRAFT
    assert case.slug == "new-case-story"
    assert case.countries == ["CL", "MX"]
    assert list(case.partner_institutions.all()) == [partner]
    assert sorted(case.tags.names()) == ["education", "health"]
    assert list(case.dimensions.all()) == [dimension]


def test_update_case_story_refuses_another_member():
    case = DraftCaseStoryFactory()
    with pytest.raises(PermissionDenied):
        services.update_case_story(case_story=case, author=MemberFactory(), title="X")


def test_update_case_story_refuses_a_submitted_story():
    case = submitted()
    with pytest.raises(ValidationError):
        services.update_case_story(case_story=case, author=case.author, title="X")


def test_submit_case_story_puts_it_in_the_queue(django_capture_on_commit_callbacks):
    case = DraftCaseStoryFactory(dimensions=[DimensionFactory()])
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_case_story(case_story=case, author=case.author)
    case.refresh_from_db()
    assert case.status == CaseStory.Status.SUBMITTED
    assert len(mail.outbox) == 1


def test_submit_case_story_requires_a_dimension():
    case = DraftCaseStoryFactory()
    with pytest.raises(ValidationError):
        services.submit_case_story(case_story=case, author=case.author)
