"""/healthz answers 503 when a load balancer should not send traffic here."""

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db


def test_healthz_is_503_with_a_pending_migration(client):
    # Forget the newest applied migration, as after deploying code before migrating
    # (the test's transaction restores it afterwards).
    latest = MigrationRecorder.Migration.objects.filter(app="core").latest("id")
    latest.delete()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "migrations": "pending",
    }
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert "connection refused" in body["database"]
