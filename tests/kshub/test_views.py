import pytest

from tests.factories import CaseStoryFactory, DraftCaseStoryFactory

pytestmark = pytest.mark.django_db


def test_home_shows_published_case_stories_only(client):
    CaseStoryFactory(title="Published story", featured=True)
    DraftCaseStoryFactory(title="Secret draft", featured=True)
    response = client.get("/")
    assert response.status_code == 200
    assert "Published story" in response.text
    assert "Secret draft" not in response.text


def test_healthz_reports_database_and_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "applied",
    }
