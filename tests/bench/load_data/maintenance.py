"""Planner statistics, search vectors and deleting what was generated."""

# SQL here is composed from constants and model metadata; values go as parameters.
# ruff: noqa: S608, S611

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

from blog.models import Post
from cases.models import CaseStory
from comments.models import Comment
from core.search import CONFIGS as CASE_CONFIGS
from core.search import FALLBACK_CONFIGS as CASE_FALLBACK_CONFIGS
from core.search import weighted_vector
from events.models import Document, Event, Registration, Session, Speaker
from members.models import Institution, Profile, User

from .vocabulary import (
    PREFIX,
)

# The tables whose every generated row is written twice (inserted, then given its
# search vector): the first versions fill the front of the heap, which a plain
# VACUUM frees but does not give back. A bitmap scan of the stories read 22 000
# pages for 207 rows there (46 ms, 3 ms compacted): a table grown row by row, as a
# community's is, holds its rows together.
REWRITTEN = (CaseStory, Post)


def analyze_tables(*, vacuum: bool = False) -> None:
    """Fresh planner statistics (and a visibility map, with vacuum; the tables of
    REWRITTEN compacted) for every table the generator fills."""
    command = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    rewritten = {model._meta.db_table for model in REWRITTEN} if vacuum else set()
    with connection.cursor() as cursor:
        tables = _generated_tables()
        if not vacuum:
            # What VACUUM would do for GIN indexes: move their pending entries into
            # the index, whose cost the planner otherwise counts against it.
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i"
                " JOIN pg_class c ON c.oid = i.indexrelid"
                " JOIN pg_am am ON am.oid = c.relam"
                " WHERE am.amname = 'gin' AND i.indrelid::regclass::text = ANY(%s)",
                [tables],
            )
        for table in tables:
            if table in rewritten:
                # FULL leaves the visibility map empty: the VACUUM after it fills
                # it, which index-only scans read.
                cursor.execute(f"VACUUM (FULL) {table}")
            cursor.execute(f"{command} {table}")


def _generated_tables() -> list[str]:
    tables = []
    for model in (
        User,
        Profile,
        Institution,
        CaseStory,
        Post,
        Event,
        Session,
        Speaker,
        Document,
        Registration,
        Comment,
    ):
        tables.append(model._meta.db_table)
        tables.extend(
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        )
    tables += ["taggit_tag", "taggit_taggeditem", "account_emailaddress"]
    tables += ["taxonomy_theme", "taxonomy_themelabel", "taxonomy_themetag"]
    return tables


def fill_search_vectors(*, stories=None, posts=None) -> None:
    """Store the vectors that ``cases.services.refresh_search_vector`` and
    ``blog.services.refresh_search_vector`` build (title A, summary B, sections or
    body C, themes and institution names D, in the configurations of the row's
    language), one UPDATE per language instead of one per row. By default for
    every generated story and post."""
    if stories is None:
        stories = CaseStory.objects.filter(slug__startswith=PREFIX)
    if posts is None:
        posts = Post.objects.filter(slug__startswith=PREFIX)
    story_type = ContentType.objects.get_for_model(CaseStory).pk
    post_type = ContentType.objects.get_for_model(Post).pk
    story_table, post_table = CaseStory._meta.db_table, Post._meta.db_table
    partners = CaseStory.partner_institutions.through._meta.db_table
    tag_names = """(SELECT string_agg(t.name, ' '{order})
        FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
        WHERE ti.content_type_id = %s AND ti.object_id = {table}.id)"""
    story_words = RawSQL(
        f"""concat_ws(' ', {tag_names.format(order="", table=story_table)},
            (SELECT string_agg(concat_ws(' ', nullif(i.name, ''),
                                         nullif(i.acronym, '')), ' ' ORDER BY i.id)
             FROM members_institution i
             WHERE i.id = {story_table}.lead_institution_id
                OR i.id IN (SELECT p.institution_id FROM {partners} p
                            WHERE p.casestory_id = {story_table}.id)))""",
        [story_type],
    )
    post_tags = RawSQL(
        "COALESCE("
        + tag_names.format(order=" ORDER BY t.name", table=post_table)
        + ", '')",
        [post_type],
    )
    languages = [(Q(language=code), configs) for code, configs in CASE_CONFIGS.items()]
    languages.append((~Q(language__in=list(CASE_CONFIGS)), CASE_FALLBACK_CONFIGS))
    for condition, configs in languages:
        stories.filter(condition).update(
            search_vector=weighted_vector(
                configs,
                a=["title"],
                b=["summary"],
                c=["context", "challenge", "solution", "results", "lessons"],
                d=[story_words],
            )
        )
        posts.filter(condition).update(
            search_vector=weighted_vector(
                configs, a=["title"], b=["summary"], c=["body"], d=[post_tags]
            )
        )


# Deleting ---------------------------------------------------------------------


def delete_generated(*, log: Callable[[str], None] = print) -> dict[str, int]:
    """Remove every generated row (and what hangs off it) in one transaction."""
    like = PREFIX + "%"
    deleted: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        targets = {
            CaseStory: ("slug", like),
            Post: ("slug", like),
            Event: ("slug", like),
        }
        comment_conditions = [
            f"(content_type_id = {ContentType.objects.get_for_model(model).pk}"
            f" AND object_id IN (SELECT id FROM {model._meta.db_table}"
            f" WHERE {column} LIKE %s))"
            for model, (column, _like) in targets.items()
        ]
        session_type = ContentType.objects.get_for_model(Session).pk
        comment_conditions.append(
            f"(content_type_id = {session_type} AND object_id IN (SELECT s.id FROM"
            " events_session s JOIN events_event e ON e.id = s.event_id"
            " WHERE e.slug LIKE %s))"
        )
        comment_conditions.append(
            "author_id IN (SELECT id FROM members_user WHERE username LIKE %s)"
        )
        params = [like] * len(comment_conditions)
        # Replies first: a reply by a real member to a generated comment goes too.
        where = " OR ".join(comment_conditions)
        parents = f"SELECT id FROM comments_comment WHERE {where}"
        _delete_rows(cursor, Comment, f"parent_id IN ({parents})", params, deleted)
        _delete_rows(cursor, Comment, where, params, deleted)
        for model, (column, value) in targets.items():
            ct = ContentType.objects.get_for_model(model).pk
            cursor.execute(
                "DELETE FROM taggit_taggeditem WHERE content_type_id = %s AND object_id"
                f" IN (SELECT id FROM {model._meta.db_table} WHERE {column} LIKE %s)",
                [ct, value],
            )
            deleted["taggit.TaggedItem"] = (
                deleted.get("taggit.TaggedItem", 0) + cursor.rowcount
            )
        for model, (column, value) in targets.items():
            _delete_rows(cursor, model, f"{column} LIKE %s", [value], deleted)
        _delete_rows(cursor, Institution, "slug LIKE %s", [like], deleted)
        _delete_rows(cursor, User, "username LIKE %s", [like], deleted)
        cursor.execute(
            "DELETE FROM taggit_taggeditem WHERE tag_id IN"
            " (SELECT id FROM taggit_tag WHERE slug LIKE %s)",
            [like],
        )
        cursor.execute(
            "DELETE FROM taxonomy_themetag WHERE tag_id IN"
            " (SELECT id FROM taggit_tag WHERE slug LIKE %s)",
            [like],
        )
        cursor.execute("DELETE FROM taggit_tag WHERE slug LIKE %s", [like])
        deleted["taggit.Tag"] = cursor.rowcount
        themes = "SELECT id FROM taxonomy_theme WHERE slug LIKE %s"
        for table in ("taxonomy_themelabel", "taxonomy_themeredirect"):
            cursor.execute(
                f"DELETE FROM {table} WHERE theme_id IN ({themes})",
                [like],
            )
        cursor.execute(
            f"DELETE FROM taxonomy_themetag WHERE theme_id IN ({themes})",
            [like],
        )
        cursor.execute("DELETE FROM taxonomy_theme WHERE slug LIKE %s", [like])
        deleted["taxonomy.Theme"] = cursor.rowcount
    for label, count in deleted.items():
        if count:
            log(f"  deleted {count} {label}")
    return deleted


def _delete_rows(cursor, model, where: str, params: list, deleted: dict) -> None:
    """DELETE the rows of ``model`` matching ``where`` after what points at them:
    cascading relations are deleted, SET_NULL ones cleared, as Django would."""
    table = model._meta.db_table
    pks = f"SELECT {model._meta.pk.column} FROM {table} WHERE {where}"
    for relation in model._meta._get_fields(
        forward=False, reverse=True, include_hidden=True
    ):
        field = relation.field
        if relation.many_to_many or not field.concrete or field.model is model:
            continue
        related = field.model
        condition = f"{field.column} IN ({pks})"
        on_delete = relation.on_delete
        if on_delete is models.CASCADE:
            _delete_rows(cursor, related, condition, params, deleted)
        elif on_delete is models.SET_NULL:
            cursor.execute(
                f"UPDATE {related._meta.db_table} SET {field.column} = NULL"
                f" WHERE {condition}",
                params,
            )
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
    deleted[model._meta.label] = deleted.get(model._meta.label, 0) + cursor.rowcount
