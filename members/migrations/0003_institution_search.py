"""Institutions keep a search vector with a GIN index: name and acronym (A),
description (C), in the kshub_simple configuration. A trigger keeps it current
however a row is written (admin, services, bulk loads); a generated column would
do the same, but Django's system checks then need a database connection. Trigram
indexes on names and acronyms serve the search's near matches."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

CREATE_TRIGGER = """
CREATE FUNCTION members_institution_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('kshub_simple',
            coalesce(NEW.name, '') || ' ' || coalesce(NEW.acronym, '')), 'A')
        || setweight(to_tsvector('kshub_simple', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER members_institution_search_vector
    BEFORE INSERT OR UPDATE ON members_institution
    FOR EACH ROW EXECUTE FUNCTION members_institution_search_vector();
UPDATE members_institution SET search_vector = NULL;
"""
DROP_TRIGGER = """
DROP TRIGGER members_institution_search_vector ON members_institution;
DROP FUNCTION members_institution_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        # The kshub_simple text search configuration.
        ("core", "0001_initial"),
        ("members", "0002_moderators_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunSQL(CREATE_TRIGGER, DROP_TRIGGER),
        migrations.AddIndex(
            model_name="institution",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="institution_search"
            ),
        ),
        migrations.AddIndex(
            model_name="institution",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["name"],
                name="institution_name_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="institution",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["acronym"],
                name="institution_acronym_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
    ]
