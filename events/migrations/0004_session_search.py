"""Sessions keep a search vector with a GIN index: title and speakers' names (A),
description and speakers' positions (B), the KS dimension's name (C), in the
kshub_english configuration. Triggers keep it current however a session or one of
its speakers is written: a speaker's change sets the session's vector again."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

SESSION_VECTOR = """
CREATE FUNCTION events_session_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    names text;
    positions text;
    dimension text;
BEGIN
    SELECT string_agg(s.name, ' '), string_agg(s.position, ' ')
        INTO names, positions
        FROM events_speaker s WHERE s.session_id = NEW.id;
    SELECT d.name INTO dimension FROM cases_dimension d WHERE d.id = NEW.dimension_id;
    NEW.search_vector :=
        setweight(to_tsvector('kshub_english',
            coalesce(NEW.title, '') || ' ' || coalesce(names, '')), 'A')
        || setweight(to_tsvector('kshub_english',
            coalesce(NEW.description, '') || ' ' || coalesce(positions, '')), 'B')
        || setweight(to_tsvector('kshub_english', coalesce(dimension, '')), 'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER events_session_search_vector
    BEFORE INSERT OR UPDATE ON events_session
    FOR EACH ROW EXECUTE FUNCTION events_session_search_vector();
CREATE FUNCTION events_speaker_session_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE events_session SET search_vector = NULL WHERE id = OLD.session_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE events_session SET search_vector = NULL WHERE id = NEW.session_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER events_speaker_session_vector
    AFTER INSERT OR UPDATE OR DELETE ON events_speaker
    FOR EACH ROW EXECUTE FUNCTION events_speaker_session_vector();
UPDATE events_session SET search_vector = NULL;
"""
DROP_SESSION_VECTOR = """
DROP TRIGGER events_speaker_session_vector ON events_speaker;
DROP FUNCTION events_speaker_session_vector();
DROP TRIGGER events_session_search_vector ON events_session;
DROP FUNCTION events_session_search_vector();
"""


class Migration(migrations.Migration):

    dependencies = [
        # The kshub_* text search configurations.
        ('core', '0001_initial'),
        ('cases', '0005_sort_indexes'),
        ('events', '0003_event_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='session',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(SESSION_VECTOR, DROP_SESSION_VECTOR),
        migrations.AddIndex(
            model_name='session',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='session_search'),
        ),
    ]
