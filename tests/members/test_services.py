import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseStory
from comments.models import Comment
from core.models import AuditEntry
from members import services
from members.models import Institution, Profile, User
from tests import factories

pytestmark = pytest.mark.django_db


def test_approve_institution_verifies_and_audits(moderator):
    proposal = factories.InstitutionFactory(verified=False)

    services.approve_institution(institution=proposal, moderator=moderator)

    proposal.refresh_from_db()
    assert proposal.verified
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (
        moderator,
        "approve",
        proposal.pk,
    )


def test_approve_institution_refuses_members(member):
    proposal = factories.InstitutionFactory(verified=False)

    with pytest.raises(PermissionDenied):
        services.approve_institution(institution=proposal, moderator=member)

    proposal.refresh_from_db()
    assert not proposal.verified
    assert not AuditEntry.objects.exists()


def test_reject_institution_deletes_proposal_and_audits(moderator):
    proposal = factories.InstitutionFactory(verified=False, name="Fake Agency")
    proposer = factories.MemberFactory(profile__institution=proposal)

    services.reject_institution(
        institution=proposal, moderator=moderator, reason="Not an institution"
    )

    assert not Institution.objects.filter(pk=proposal.pk).exists()
    assert Profile.objects.get(user=proposer).institution is None
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason, entry.target_repr) == (
        "reject",
        "Not an institution",
        "Fake Agency (" + proposal.acronym + ")",
    )


def test_reject_institution_refuses_verified_ones(moderator):
    institution = factories.InstitutionFactory()

    with pytest.raises(ValidationError):
        services.reject_institution(
            institution=institution, moderator=moderator, reason="x"
        )
    assert Institution.objects.filter(pk=institution.pk).exists()


def test_reject_institution_refuses_members(member):
    proposal = factories.InstitutionFactory(verified=False)

    with pytest.raises(PermissionDenied):
        services.reject_institution(institution=proposal, moderator=member, reason="")
    assert Institution.objects.filter(pk=proposal.pk).exists()


def test_suspend_member_deactivates_and_audits(moderator, member):
    services.suspend_member(member=member, moderator=moderator, reason="Spam")

    member.refresh_from_db()
    assert not member.is_active
    assert member.suspended_at is not None
    assert member.suspension_reason == "Spam"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason, entry.target_id) == (
        "suspend",
        "Spam",
        member.pk,
    )


def test_suspend_member_refuses_members_and_self(member, moderator):
    other = factories.MemberFactory()
    with pytest.raises(PermissionDenied):
        services.suspend_member(member=other, moderator=member, reason="x")
    with pytest.raises(ValidationError):
        services.suspend_member(member=moderator, moderator=moderator, reason="x")
    other.refresh_from_db()
    assert other.is_active
    assert not AuditEntry.objects.exists()


def test_reinstate_member_reactivates_and_audits(moderator, member):
    services.suspend_member(member=member, moderator=moderator, reason="Spam")

    services.reinstate_member(member=member, moderator=moderator)

    member.refresh_from_db()
    assert member.is_active
    assert member.suspended_at is None
    assert member.suspension_reason == ""
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "reinstate",
        "suspend",
    ]


def test_reinstate_member_refuses_members(member):
    suspended = factories.MemberFactory(is_active=False)
    with pytest.raises(PermissionDenied):
        services.reinstate_member(member=suspended, moderator=member)


def test_suspended_member_may_not_moderate(moderator):
    other_moderator = factories.ModeratorFactory()
    services.suspend_member(member=other_moderator, moderator=moderator, reason="x")
    other_moderator.refresh_from_db()

    with pytest.raises(PermissionDenied):
        services.suspend_member(member=moderator, moderator=other_moderator, reason="y")


def test_unique_username_slugifies_and_numbers_duplicates():
    factories.UserFactory(username="ana-perez")
    factories.UserFactory(username="ana-perez-2")

    assert services.unique_username("Ana Pérez") == "ana-perez-3"
    assert services.unique_username("José Müller") == "jose-muller"
    assert services.unique_username("李") == "member"
    assert services.unique_username("Me") == "member-me"


def test_update_profile_changes_handle_and_fields(member):
    services.update_profile(
        user=member,
        username="new-handle",
        expertise=["e-learning", "results"],
        position="Director",
        show_bio=False,
    )

    member.refresh_from_db()
    assert member.username == "new-handle"
    assert member.profile.position == "Director"
    assert not member.profile.show_bio
    assert sorted(member.profile.expertise.names()) == ["e-learning", "results"]


def test_update_profile_refuses_a_taken_handle(member):
    factories.UserFactory(username="taken")

    with pytest.raises(ValidationError) as error:
        services.update_profile(user=member, username="Taken")

    assert "username" in error.value.message_dict
    member.refresh_from_db()
    assert member.username != "taken"


def test_update_profile_refuses_someone_elses_proposal(member):
    proposal = factories.InstitutionFactory(verified=False)

    with pytest.raises(ValidationError):
        services.update_profile(user=member, institution=proposal)


def test_propose_institution_creates_unverified_and_reuses_same_name(member):
    first = services.propose_institution(
        proposer=member, name="Agencia Nueva", acronym="AN", kind="government"
    )
    again = services.propose_institution(
        proposer=factories.MemberFactory(), name="agencia nueva", kind="government"
    )

    assert first == again
    assert not first.verified
    assert first.proposed_by == member
    assert first.slug == "an"


def test_propose_institution_refuses_listed_names(member):
    factories.InstitutionFactory(name="Korea Development Institute")

    with pytest.raises(ValidationError):
        services.propose_institution(
            proposer=member, name="korea development institute", kind="research"
        )


def test_ensure_profile_creates_one_for_accounts_made_elsewhere():
    user = User.objects.create_superuser("root", "root@example.org", "x" * 12)

    profile = services.ensure_profile(user=user)

    assert profile.pk
    assert profile.display_name == "root"
    assert services.ensure_profile(user=user) == profile


def test_export_member_data_holds_everything(member):
    comment = factories.CommentFactory(author=member, body="My comment")
    factories.CaseStoryFactory(author=member, title="My story")
    factories.PostFactory(author=member, title="My post")
    factories.RegistrationFactory(member=member)
    factories.FlagFactory(member=member, comment=comment)

    data = services.export_member_data(user=member)

    assert data["account"]["email"] == member.email
    assert data["email_addresses"][0]["verified"] is True
    assert data["profile"]["display_name"] == member.profile.display_name
    assert data["comments"][0]["body"] == "My comment"
    assert data["case_stories"][0]["title"] == "My story"
    assert data["posts"][0]["title"] == "My post"
    assert len(data["registrations"]) == 1
    assert data["flags"][0]["comment_id"] == comment.pk


def test_delete_account_keeps_threads_and_published_stories(member):
    comment = factories.CommentFactory(author=member, body="Personal words")
    reply = factories.CommentFactory(target=comment.content_object, parent=comment)
    published = factories.CaseStoryFactory(author=member)
    draft = factories.DraftCaseStoryFactory(author=member)

    services.delete_account(user=member)

    assert not User.objects.filter(pk=member.pk).exists()
    comment.refresh_from_db()
    assert (comment.author, comment.body, comment.status) == (None, "", "removed")
    assert Comment.objects.filter(pk=reply.pk).exists()
    published.refresh_from_db()
    assert published.author is None
    assert published.lead_institution is not None
    assert not CaseStory.objects.filter(pk=draft.pk).exists()


def test_grant_moderator_adds_group(member):
    services.grant_moderator(email=member.email.upper())

    assert User.objects.get(pk=member.pk).is_moderator


def test_grant_moderator_refuses_unknown_email(db):
    with pytest.raises(ValidationError):
        services.grant_moderator(email="nobody@example.org")
