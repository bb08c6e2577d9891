import pytest

from assessment.models import Assessment
from demo import assessment as demo_assessment
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_opens_one_empty_draft_for_the_demo_member():
    institution = factories.InstitutionFactory(slug="ksp")
    member = factories.MemberFactory(username="demo-member")
    demo_assessment.load()
    demo_assessment.load()
    member.profile.refresh_from_db()
    assert member.profile.institution == institution
    draft = Assessment.objects.get()
    assert draft.is_draft
    assert draft.filled_by == member
    assert not draft.answers.exists()


def test_demo_keeps_the_members_own_institution():
    own = factories.InstitutionFactory()
    factories.InstitutionFactory(slug="ksp")
    member = factories.MemberFactory(username="demo-member")
    member.profile.institution = own
    member.profile.save()
    demo_assessment.load()
    assert Assessment.objects.get().institution == own
