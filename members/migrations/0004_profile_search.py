"""Profiles keep a search vector with a GIN index: the display name (A), and the
position (B) and bio (C) only where the member shows them, in the kshub_simple
configuration. A trigger keeps it current however a profile is written."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

PROFILE_VECTOR = """
CREATE FUNCTION members_profile_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('kshub_simple', coalesce(NEW.display_name, '')), 'A')
        || setweight(to_tsvector('kshub_simple',
            CASE WHEN NEW.show_position THEN coalesce(NEW.position, '') ELSE '' END),
            'B')
        || setweight(to_tsvector('kshub_simple',
            CASE WHEN NEW.show_bio THEN coalesce(NEW.bio, '') ELSE '' END), 'C');
    RETURN NEW;
END
$$;
CREATE TRIGGER members_profile_search_vector
    BEFORE INSERT OR UPDATE ON members_profile
    FOR EACH ROW EXECUTE FUNCTION members_profile_search_vector();
UPDATE members_profile SET search_vector = NULL;
"""
DROP_PROFILE_VECTOR = """
DROP TRIGGER members_profile_search_vector ON members_profile;
DROP FUNCTION members_profile_search_vector();
"""


class Migration(migrations.Migration):

    dependencies = [
        # The kshub_* text search configurations.
        ('core', '0001_initial'),
        ('members', '0003_institution_search'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(PROFILE_VECTOR, DROP_PROFILE_VECTOR),
        migrations.AddIndex(
            model_name='profile',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='profile_search'),
        ),
    ]
