"""The embedded PostgreSQL launcher: used when DATABASE_URL is unset."""

import psycopg
import pytest

from core import embedded_db


def test_embedded_server_starts_and_serves_the_project_database():
    settings = embedded_db.database_settings(name="kshub_launcher_check")
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        dbname=settings["NAME"],
    ) as connection:
        version = connection.execute("SHOW server_version_num").fetchone()[0]
        extensions = {
            row[0]
            for row in connection.execute("SELECT name FROM pg_available_extensions")
        }
    assert int(version) >= 150000
    assert {"pg_trgm", "unaccent"} <= extensions
    assert (embedded_db.PGDATA / "PG_VERSION").read_text().strip() == "18"


def test_embedded_server_failure_is_one_clear_message(monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("no space left on device")

    monkeypatch.setattr(embedded_db, "start_server", broken)
    with pytest.raises(embedded_db.EmbeddedDatabaseError) as error:
        embedded_db.database_settings()
    message = str(error.value)
    assert "no space left on device" in message
    assert "DATABASE_URL" in message
