"""Case stories keep the title's and summary's part of their search vector
(``ts_filter(search_vector, '{a,b}')``) in ``head_vector``, kept by a trigger
however the vector is written (services, bulk loads); a generated column would do
the same, but Django's system checks then need a database connection. It sits in
a partial index of published stories by date, with the language, so a broad
word's newest matches in titles and summaries are read from the index alone; GIN
indexes on it and on its title part (weight A) serve rarer words."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

CREATE_TRIGGER = """
CREATE FUNCTION cases_casestory_head_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.head_vector := ts_filter(NEW.search_vector, '{a,b}');
    RETURN NEW;
END
$$;
CREATE TRIGGER cases_casestory_head_vector
    BEFORE INSERT OR UPDATE OF search_vector, head_vector ON cases_casestory
    FOR EACH ROW EXECUTE FUNCTION cases_casestory_head_vector();
UPDATE cases_casestory SET head_vector = NULL WHERE search_vector IS NOT NULL;
"""
DROP_TRIGGER = """
DROP TRIGGER cases_casestory_head_vector ON cases_casestory;
DROP FUNCTION cases_casestory_head_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_most_read_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestory",
            name="head_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunSQL(CREATE_TRIGGER, DROP_TRIGGER),
        migrations.AddIndex(
            model_name="casestory",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["head_vector"], name="casestory_head_search"
            ),
        ),
        migrations.AddIndex(
            model_name="casestory",
            index=django.contrib.postgres.indexes.GinIndex(
                models.Func(
                    models.F("head_vector"),
                    output_field=django.contrib.postgres.search.SearchVectorField(),
                    template="ts_filter(%(expressions)s, '{a}')",
                ),
                name="casestory_title_search",
            ),
        ),
        migrations.AddIndex(
            model_name="casestory",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["outdated", "-published_at", "-id"],
                include=("language", "head_vector"),
                name="casestory_recent_head",
            ),
        ),
    ]
