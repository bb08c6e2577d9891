"""The demo's self-assessments loader, on its own (test_demo_pages.py has the
pages over the whole demo)."""

import pytest

from assessment.models import Assessment
from demo import assessment as demo_assessment
from members.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_submits_an_illustration_and_opens_an_empty_draft():
    institution = factories.InstitutionFactory(slug="ksp")
    member = factories.MemberFactory(username="demo-member")
    demo_assessment.load()
    demo_assessment.load()
    member.profile.refresh_from_db()
    assert member.profile.institution == institution
    draft = Assessment.objects.drafts().get()
    assert draft.filled_by == member
    assert not draft.answers.exists()
    submitted = Assessment.objects.submitted().get()
    assert submitted.visibility == "private"
    scores = dict(submitted.results.values_list("dimension__slug", "score"))
    assert scores["governance-model"] == 3
    assert scores["measuring-results"] == 1
    assert (
        "illustration"
        in submitted.results.get(dimension__slug="measuring-results").note
    )
    assert submitted.submitted_at < draft.created_at


def test_demo_answers_an_empty_draft_left_by_an_earlier_load():
    institution = factories.InstitutionFactory(slug="ksp")
    member = factories.MemberFactory(username="demo-member")
    member.profile.institution = institution
    member.profile.save()
    earlier = Assessment.objects.create(
        institution=institution, version="2026-1", filled_by=member
    )
    demo_assessment.load()
    earlier.refresh_from_db()
    assert earlier.status == "submitted"
    assert Assessment.objects.drafts().count() == 1


def test_demo_keeps_the_members_own_institution():
    own = factories.InstitutionFactory()
    factories.InstitutionFactory(slug="ksp")
    member = factories.MemberFactory(username="demo-member")
    member.profile.institution = own
    member.profile.save()
    demo_assessment.load()
    assert Assessment.objects.drafts().get().institution == own


def test_demo_result_page_offers_to_ask_for_help_on_a_gap(client):
    factories.InstitutionFactory(slug="ksp")
    member = factories.MemberFactory(username="demo-member")
    demo_assessment.load()
    client.force_login(member)
    page = client.get(Assessment.objects.submitted().get().get_absolute_url())
    assert page.status_code == 200
    assert "Ask for help on this" in page.text
    assert "dimension=measuring-results" in page.text


def test_demo_assesses_an_institution_twice_by_its_own_member():
    fosis = factories.InstitutionFactory(slug="fosis")
    demo_assessment.load()
    demo_assessment.load()
    member = User.objects.get(username="demo-fosis")
    assert member.profile.institution == fosis
    assert member.emailaddress_set.get().verified
    assert not member.has_usable_password()
    earlier, latest = Assessment.objects.submitted().order_by("submitted_at")
    assert {earlier.filled_by, latest.filled_by} == {member}
    assert member.date_joined < earlier.submitted_at < latest.submitted_at
    assert earlier.visibility == latest.visibility == "public"
    scores = dict(latest.results.values_list("dimension__slug", "score"))
    assert float(scores["measuring-results"]) == pytest.approx(3.67)
    assert (
        "illustration" in latest.results.get(dimension__slug="measuring-results").note
    )
    assert not User.objects.filter(username="demo-lamata").exists()
