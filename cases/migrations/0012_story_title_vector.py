"""Case stories keep the title's part of their search vector
(``ts_filter(search_vector, '{a}')``) in ``title_vector``, beside ``head_vector``
and by the same trigger. The index of published stories by date holds it: a
search's title matches, tested entry by entry along that index, no longer cut
the title's part from the head vector for each entry. The title's GIN index is
on the column rather than on that expression."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

KEEP_BOTH = """
CREATE OR REPLACE FUNCTION cases_casestory_head_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.head_vector := ts_filter(NEW.search_vector, '{a,b}');
    NEW.title_vector := ts_filter(NEW.search_vector, '{a}');
    RETURN NEW;
END
$$;
DROP TRIGGER cases_casestory_head_vector ON cases_casestory;
CREATE TRIGGER cases_casestory_head_vector
    BEFORE INSERT OR UPDATE OF search_vector, head_vector, title_vector
    ON cases_casestory
    FOR EACH ROW EXECUTE FUNCTION cases_casestory_head_vector();
UPDATE cases_casestory SET title_vector = NULL WHERE search_vector IS NOT NULL;
"""
KEEP_HEAD_ONLY = """
CREATE OR REPLACE FUNCTION cases_casestory_head_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.head_vector := ts_filter(NEW.search_vector, '{a,b}');
    RETURN NEW;
END
$$;
DROP TRIGGER cases_casestory_head_vector ON cases_casestory;
CREATE TRIGGER cases_casestory_head_vector
    BEFORE INSERT OR UPDATE OF search_vector, head_vector ON cases_casestory
    FOR EACH ROW EXECUTE FUNCTION cases_casestory_head_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_published_institution_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="casestory", name="casestory_title_search"),
        migrations.RemoveIndex(model_name="casestory", name="casestory_recent_head"),
        migrations.AddField(
            model_name="casestory",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunSQL(KEEP_BOTH, KEEP_HEAD_ONLY),
        migrations.AddIndex(
            model_name="casestory",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title_vector"], name="casestory_title_search"
            ),
        ),
        migrations.AddIndex(
            model_name="casestory",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["outdated", "-published_at", "-id"],
                include=("language", "head_vector", "title_vector"),
                name="casestory_recent_head",
            ),
        ),
    ]
