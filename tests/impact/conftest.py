import pytest

from tests import factories


@pytest.fixture
def adopter(db):
    """A member of a verified institution in Mexico."""
    institution = factories.InstitutionFactory(country="MX", slug="mexico-agency")
    return factories.MemberFactory(profile__institution=institution)


@pytest.fixture
def story(db):
    """A published story led by an institution in Korea."""
    return factories.CaseStoryFactory(
        lead_institution=factories.InstitutionFactory(country="KR", slug="korea-lead")
    )
