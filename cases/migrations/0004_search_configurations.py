"""Accent-insensitive text search configurations and a trigram index on titles.

Each configuration copies PostgreSQL's own one for the language and passes words
through ``unaccent`` before stemming, so "educacion" finds "educación"."""

import django.contrib.postgres.indexes
from django.db import migrations

CONFIGURATIONS = {
    "kshub_english": ("english", "english_stem"),
    "kshub_spanish": ("spanish", "spanish_stem"),
    "kshub_french": ("french", "french_stem"),
    "kshub_simple": ("simple", "simple"),
}
WORD_TOKENS = "asciiword, word, hword, hword_part, hword_asciipart, asciihword"


def create_sql() -> str:
    statements = []
    for name, (parent, dictionary) in CONFIGURATIONS.items():
        statements.append(
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{parent});"
        )
        statements.append(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {dictionary};"
        )
    return "\n".join(statements)


def drop_sql() -> str:
    return "\n".join(
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};" for name in CONFIGURATIONS
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_dimensions")]

    operations = [
        migrations.RunSQL(create_sql(), drop_sql()),
        migrations.AddIndex(
            model_name="casestory",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title"], name="casestory_title_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
