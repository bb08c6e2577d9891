import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from core.models import AuditEntry
from impact.models import NOTE_MAX_LENGTH, Adoption
from impact.services import (
    adopt_story,
    edit_adoption,
    hide_adoption,
    restore_adoption,
    withdraw_adoption,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_adopt_story_records_the_members_institution(adopter, story):
    adoption = adopt_story(member=adopter, case_story=story, note="We took it.")

    assert adoption.institution == adopter.profile.institution
    assert adoption.author == adopter
    assert adoption.is_shown


def test_adopt_story_only_once_per_institution(adopter, story):
    adopt_story(member=adopter, case_story=story, note="We took it.")
    colleague = factories.MemberFactory(
        profile__institution=adopter.profile.institution
    )

    with pytest.raises(ValidationError):
        adopt_story(member=colleague, case_story=story, note="So did we.")


def test_adoption_constraint_holds_in_the_database(adopter, story):
    factories.AdoptionFactory(case_story=story, institution=adopter.profile.institution)

    with pytest.raises(IntegrityError):
        factories.AdoptionFactory(
            case_story=story, institution=adopter.profile.institution
        )


@pytest.mark.parametrize(
    "make_member",
    [
        lambda: factories.UserFactory(),  # e-mail not verified
        lambda: factories.MemberFactory(),  # no institution
        lambda: factories.MemberFactory(
            profile__institution=factories.InstitutionFactory(verified=False)
        ),
    ],
)
def test_adopt_story_needs_a_verified_member_of_a_verified_institution(
    make_member, story
):
    with pytest.raises(PermissionDenied):
        adopt_story(member=make_member(), case_story=story, note="We took it.")


def test_adopt_story_refuses_unpublished_and_own_stories(adopter):
    draft = factories.DraftCaseStoryFactory()
    own = factories.CaseStoryFactory(lead_institution=adopter.profile.institution)

    for story in (draft, own):
        with pytest.raises(ValidationError):
            adopt_story(member=adopter, case_story=story, note="We took it.")
    assert not Adoption.objects.exists()


@pytest.mark.parametrize("note", ["", "   ", "x" * (NOTE_MAX_LENGTH + 1)])
def test_adopt_story_needs_a_note_of_bounded_length(adopter, story, note):
    with pytest.raises(ValidationError):
        adopt_story(member=adopter, case_story=story, note=note)


def test_only_the_author_edits_or_withdraws(adopter, story):
    adoption = adopt_story(member=adopter, case_story=story, note="We took it.")
    colleague = factories.MemberFactory(
        profile__institution=adopter.profile.institution
    )

    with pytest.raises(PermissionDenied):
        edit_adoption(adoption=adoption, member=colleague, note="Changed.")
    with pytest.raises(PermissionDenied):
        withdraw_adoption(adoption=adoption, member=colleague)

    edit_adoption(adoption=adoption, member=adopter, note="Changed.")
    adoption.refresh_from_db()
    assert adoption.note == "Changed."
    assert adoption.edited_at is not None


def test_withdrawn_adoption_stops_counting_and_can_come_back(adopter, story):
    adoption = adopt_story(member=adopter, case_story=story, note="We took it.")
    withdraw_adoption(adoption=adoption, member=adopter)

    assert not Adoption.objects.shown().exists()
    again = adopt_story(member=adopter, case_story=story, note="We did it again.")
    assert again.pk == adoption.pk
    assert Adoption.objects.shown().get().note == "We did it again."


def test_moderators_hide_and_restore_with_an_audit_entry(adopter, story, moderator):
    adoption = adopt_story(member=adopter, case_story=story, note="Spam.")

    with pytest.raises(PermissionDenied):
        hide_adoption(adoption=adoption, moderator=adopter)
    hide_adoption(adoption=adoption, moderator=moderator, reason="Spam")
    assert not Adoption.objects.shown().exists()
    restore_adoption(adoption=adoption, moderator=moderator)
    assert Adoption.objects.shown().exists()
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "hide",
        "restore",
    ]


def test_adoptions_of_unpublished_stories_are_not_shown(adopter, story):
    adopt_story(member=adopter, case_story=story, note="We took it.")
    story.status = "archived"
    story.save()

    assert not Adoption.objects.shown().exists()
