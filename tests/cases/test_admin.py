import pytest

from cases.models import CaseStory
from core.models import AuditEntry
from tests.factories import (
    DimensionFactory,
    DraftCaseStoryFactory,
    IndexedCaseStoryFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_moderator(client):
    user = ModeratorFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def test_admin_lists_and_searches_case_stories(client, admin_moderator):
    DraftCaseStoryFactory(title="Rural radio")
    response = client.get("/admin/cases/casestory/?q=radio&status__exact=draft")
    assert response.status_code == 200
    assert "Rural radio" in response.text


def test_admin_publish_action_goes_through_the_service(client, admin_moderator):
    case = DraftCaseStoryFactory(status=CaseStory.Status.SUBMITTED)
    response = client.post(
        "/admin/cases/casestory/",
        {"action": "publish", "_selected_action": [case.pk]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStory.Status.PUBLISHED
    assert AuditEntry.objects.get().action == "publish"


def test_admin_change_page_renders(client, admin_moderator):
    case = DraftCaseStoryFactory()
    response = client.get(f"/admin/cases/casestory/{case.pk}/change/")
    assert response.status_code == 200


def test_renaming_a_dimension_in_the_admin_refreshes_its_stories(
    client, admin_moderator
):
    dimension = DimensionFactory()
    case = IndexedCaseStoryFactory(title="Counting outcomes", dimensions=[dimension])
    response = client.post(
        f"/admin/cases/dimension/{dimension.pk}/change/",
        {
            "name": "Evidence of impact",
            "slug": dimension.slug,
            "group": dimension.group,
            "position": dimension.position,
            "description": "",
        },
    )
    assert response.status_code == 302
    found = CaseStory.objects.published().matching("evidence")
    assert list(found) == [case]
