"""Institution editors and official voices (``members.roles``)."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from core.models import AuditEntry
from members import roles, services
from members.models import Profile
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    InstitutionEditorFactory,
    InstitutionFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution():
    return InstitutionFactory(slug="ksp", acronym="KSP")


@pytest.fixture
def editor(institution):
    return InstitutionEditorFactory(profile__institution=institution)


@pytest.fixture
def colleague(institution):
    return MemberFactory(profile__institution=institution)


def _profile(user) -> Profile:
    return Profile.objects.get(user=user)


def test_roles_editor_confirms_and_makes_official_voice_with_audit(
    institution, editor, colleague
):
    roles.confirm_member(institution=institution, member=colleague, editor=editor)
    roles.set_official_voice(
        institution=institution, member=colleague, editor=editor, official=True
    )
    profile = _profile(colleague)
    assert profile.institution_confirmed_at is not None
    assert profile.official_institution == institution
    actions = list(
        AuditEntry.objects.filter(actor=editor).values_list("action", flat=True)
    )
    assert sorted(actions) == ["confirm_member", "grant_official_voice"]


def test_roles_official_voice_needs_confirmation(institution, editor, colleague):
    with pytest.raises(ValidationError):
        roles.set_official_voice(
            institution=institution, member=colleague, editor=editor, official=True
        )


def test_roles_a_member_cannot_confirm_or_appoint(institution, colleague):
    other = MemberFactory(profile__institution=institution)
    with pytest.raises(PermissionDenied):
        roles.confirm_member(institution=institution, member=other, editor=colleague)
    with pytest.raises(PermissionDenied):
        roles.appoint_editor(
            institution=institution, member=colleague, appointed_by=colleague
        )


def test_roles_an_editor_acts_only_for_their_institution(editor, colleague):
    elsewhere = InstitutionFactory()
    stranger = MemberFactory(profile__institution=elsewhere)
    with pytest.raises(PermissionDenied):
        roles.confirm_member(institution=elsewhere, member=stranger, editor=editor)


def test_roles_refuse_a_member_of_another_institution(institution, editor):
    stranger = MemberFactory(profile__institution=InstitutionFactory())
    with pytest.raises(ValidationError):
        roles.confirm_member(institution=institution, member=stranger, editor=editor)


def test_roles_moderator_appoints_an_editor_who_is_confirmed(institution, colleague):
    roles.appoint_editor(
        institution=institution, member=colleague, appointed_by=ModeratorFactory()
    )
    profile = _profile(colleague)
    assert profile.is_institution_editor
    assert profile.institution_confirmed_at is not None
    assert AuditEntry.objects.filter(action="appoint_editor").count() == 1


def test_roles_appointing_twice_is_refused_and_records_once(
    institution, editor, colleague
):
    roles.appoint_editor(institution=institution, member=colleague, appointed_by=editor)
    with pytest.raises(ValidationError):
        roles.appoint_editor(
            institution=institution, member=colleague, appointed_by=editor
        )
    assert AuditEntry.objects.filter(action="appoint_editor").count() == 1


def test_roles_unconfirming_drops_voice_and_editor(institution, editor, colleague):
    roles.appoint_editor(institution=institution, member=colleague, appointed_by=editor)
    roles.set_official_voice(
        institution=institution, member=colleague, editor=editor, official=True
    )
    roles.unconfirm_member(institution=institution, member=colleague, editor=editor)
    profile = _profile(colleague)
    assert not profile.speaks_for_institution
    assert not profile.is_institution_editor


def test_roles_changing_institution_forgets_the_roles(institution, editor):
    services.update_profile(user=editor, institution=InstitutionFactory())
    profile = _profile(editor)
    assert profile.institution_confirmed_at is None
    assert not profile.is_institution_editor


def test_roles_the_member_cannot_make_themselves_official(colleague):
    with pytest.raises(TypeError):
        services.update_profile(user=colleague, speaks_for_institution=True)


def test_roles_editor_keeps_the_profile_not_the_name(institution, editor):
    roles.update_institution(
        institution=institution, editor=editor, description="  What we do.  "
    )
    institution.refresh_from_db()
    assert institution.description == "What we do."
    with pytest.raises(TypeError):
        roles.update_institution(institution=institution, editor=editor, name="X")
    assert AuditEntry.objects.filter(action="edit_institution").count() == 1


def test_roles_editor_edits_the_institutions_draft_story(institution, editor):
    story = CaseStoryFactory(
        status="draft", published_at=None, lead_institution=institution
    )
    from cases import services as case_services

    case_services.update_case_story(
        case_story=story, author=editor, title="Revised", lead_institution=None
    )
    story.refresh_from_db()
    assert story.title == "Revised"
    assert story.lead_institution == institution  # an editor cannot move it away


@pytest.mark.django_db(transaction=True)
def test_roles_concurrent_appointments_record_one(institution, editor, colleague):
    """Two editors appointing the same member at once: one wins, one is told."""
    second = InstitutionEditorFactory(profile__institution=institution)
    barrier = threading.Barrier(2)
    outcomes = []

    def appoint(by):
        try:
            barrier.wait()
            roles.appoint_editor(
                institution=institution, member=colleague, appointed_by=by
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=appoint, args=(by,)) for by in (editor, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert AuditEntry.objects.filter(action="appoint_editor").count() == 1


def test_roles_badge_on_comments_without_a_query_each(
    client,
    institution,
    editor,
    colleague,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    officials = [
        colleague,
        *(MemberFactory(profile__institution=institution) for _ in range(10)),
    ]
    for official in officials:
        roles.confirm_member(institution=institution, member=official, editor=editor)
        roles.set_official_voice(
            institution=institution, member=official, editor=editor, official=True
        )
    story = CaseStoryFactory(status="published")
    CommentFactory(target=story, author=editor, body="For myself.")
    client.force_login(MemberFactory())
    page = client.get(story.get_absolute_url()).text
    assert "personal capacity" in page
    CommentFactory(target=story, author=colleague, body="For KSP.")
    with django_assert_max_num_queries(60) as one:
        page = client.get(story.get_absolute_url()).text
    assert "official · KSP" in page
    for official in officials[1:]:
        CommentFactory(target=story, author=official, body="More.")
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(story.get_absolute_url())


def test_roles_members_page_lists_and_acts(client, institution, editor, colleague):
    client.force_login(editor)
    page = client.get(reverse("members:institution-members", args=["ksp"]))
    assert page.status_code == 200
    assert colleague.profile.display_name in page.text
    response = client.post(
        reverse(
            "members:institution-member-action", args=["ksp", colleague.pk, "confirm"]
        )
    )
    assert response.status_code == 302
    assert _profile(colleague).institution_confirmed_at is not None
