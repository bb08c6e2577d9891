"""Events keep a search vector with a GIN index: title and short name (A), city
and summary (B), description (C), in the kshub_english configuration. A trigger
keeps it current however a row is written (admin, services, bulk loads); a
generated column would do the same, but Django's system checks then need a
database connection. Trigram indexes on titles and short names serve the search's
near matches."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

CREATE_TRIGGER = """
CREATE FUNCTION events_event_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('kshub_english',
            coalesce(NEW.title, '') || ' ' || coalesce(NEW.short_name, '')), 'A')
        || setweight(to_tsvector('kshub_english',
            coalesce(NEW.city, '') || ' ' || coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('kshub_english', coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER events_event_search_vector
    BEFORE INSERT OR UPDATE ON events_event
    FOR EACH ROW EXECUTE FUNCTION events_event_search_vector();
UPDATE events_event SET search_vector = NULL;
"""
DROP_TRIGGER = """
DROP TRIGGER events_event_search_vector ON events_event;
DROP FUNCTION events_event_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        # The kshub_english text search configuration.
        ("core", "0001_initial"),
        ("events", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunSQL(CREATE_TRIGGER, DROP_TRIGGER),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="event_search"
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title"], name="event_title_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["short_name"],
                name="event_short_name_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ),
    ]
