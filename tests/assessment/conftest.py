import pytest

from tests import factories


@pytest.fixture
def institution(db):
    return factories.InstitutionFactory(slug="ksp", name="Knowledge Sharing Program")


@pytest.fixture
def member_of(institution):
    """A verified member of the institution."""
    user = factories.MemberFactory()
    user.profile.institution = institution
    user.profile.save()
    return user
