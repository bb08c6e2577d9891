"""The ground floor's tables, PostgreSQL's search extensions and the accent-insensitive
text search configurations every app searches with.

The audit log and the written view batches were first kept by the site package
(``kshub``). On a database made then, their tables and content types are renamed
here; on a new one, they are created. Each text search configuration copies
PostgreSQL's own one for the language and passes words through ``unaccent`` before
stemming, so "educacion" finds "educación"; one that exists already is kept."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

CONFIGURATIONS = {
    "kshub_english": ("english", "english_stem"),
    "kshub_spanish": ("spanish", "spanish_stem"),
    "kshub_french": ("french", "french_stem"),
    "kshub_simple": ("simple", "simple"),
}
WORD_TOKENS = "asciiword, word, hword, hword_part, hword_asciipart, asciihword"
MOVED_MODELS = ("auditentry", "writtenviewbatch")


def create_configurations_sql() -> str:
    statements = []
    for name, (parent, dictionary) in CONFIGURATIONS.items():
        statements.append(
            f"""DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN
    CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{parent});
    ALTER TEXT SEARCH CONFIGURATION {name}
      ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {dictionary};
  END IF;
END $$;"""
        )
    return "\n".join(statements)


def adopt_or_create_tables(apps, schema_editor):
    existing = set(schema_editor.connection.introspection.table_names())
    for model_name in MOVED_MODELS:
        model = apps.get_model("core", model_name)
        old_table = f"kshub_{model_name}"
        if old_table in existing:
            schema_editor.alter_db_table(model, old_table, model._meta.db_table)
        else:
            schema_editor.create_model(model)
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="kshub", model__in=MOVED_MODELS).update(
        app_label="core"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunSQL(create_configurations_sql(), migrations.RunSQL.noop),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                db_index=True, max_length=40, verbose_name="action"
                            ),
                        ),
                        (
                            "target_id",
                            models.PositiveBigIntegerField(blank=True, null=True),
                        ),
                        (
                            "target_repr",
                            models.CharField(max_length=250, verbose_name="object"),
                        ),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="when"
                            ),
                        ),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="audit_entries",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="moderator",
                            ),
                        ),
                        (
                            "target_type",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit log",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="WrittenViewBatch",
                    fields=[
                        ("id", models.UUIDField(primary_key=True, serialize=False)),
                        (
                            "written_at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "written batch of view counts",
                        "verbose_name_plural": "written batches of view counts",
                    },
                ),
            ]
        ),
        migrations.RunPython(adopt_or_create_tables, migrations.RunPython.noop),
    ]
