"""Comments keep a search vector with a GIN index: the body in the configurations
of its language (``core.search.configs_for``: both of a stemmed language, the
simple one when the language is unknown). A trigger keeps it current."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.db import migrations

COMMENT_VECTOR = """
CREATE FUNCTION comments_comment_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    body text := coalesce(NEW.body, '');
BEGIN
    NEW.search_vector := CASE lower(NEW.language)
        WHEN 'en' THEN to_tsvector('kshub_english', body)
        WHEN 'es' THEN to_tsvector('spanish', body)
            || to_tsvector('kshub_spanish', body)
        WHEN 'fr' THEN to_tsvector('french', body)
            || to_tsvector('kshub_french', body)
        ELSE to_tsvector('kshub_simple', body)
    END;
    RETURN NEW;
END
$$;
CREATE TRIGGER comments_comment_search_vector
    BEFORE INSERT OR UPDATE OF body, language ON comments_comment
    FOR EACH ROW EXECUTE FUNCTION comments_comment_search_vector();
UPDATE comments_comment SET body = body;
"""
DROP_COMMENT_VECTOR = """
DROP TRIGGER comments_comment_search_vector ON comments_comment;
DROP FUNCTION comments_comment_search_vector();
"""


class Migration(migrations.Migration):

    dependencies = [
        # The kshub_* text search configurations.
        ('core', '0001_initial'),
        ('comments', '0003_comment_status_recent'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='comment',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunSQL(COMMENT_VECTOR, DROP_COMMENT_VECTOR),
        migrations.AddIndex(
            model_name='comment',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='comment_search'),
        ),
    ]
