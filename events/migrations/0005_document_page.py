"""Documents become pages of their own: a slug (made from the title for the rows
there are), a date, language versions, their text, and a search vector kept by a
trigger in the configurations of the document's language (as core.search.CONFIGS
names them)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

CREATE_TRIGGER = """
CREATE FUNCTION events_document_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    configs regconfig[];
    config regconfig;
    vector tsvector := ''::tsvector;
BEGIN
    configs := CASE NEW.language
        WHEN 'en' THEN ARRAY['kshub_english']::regconfig[]
        WHEN 'es' THEN ARRAY['spanish', 'kshub_spanish']::regconfig[]
        WHEN 'fr' THEN ARRAY['french', 'kshub_french']::regconfig[]
        ELSE ARRAY['kshub_simple']::regconfig[]
    END;
    FOREACH config IN ARRAY configs LOOP
        vector := vector
            || setweight(to_tsvector(config, coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector(config, coalesce(NEW.text, '')), 'B');
    END LOOP;
    NEW.search_vector := vector;
    RETURN NEW;
END
$$;
CREATE TRIGGER events_document_search_vector
    BEFORE INSERT OR UPDATE ON events_document
    FOR EACH ROW EXECUTE FUNCTION events_document_search_vector();
UPDATE events_document SET search_vector = NULL;
"""
DROP_TRIGGER = """
DROP TRIGGER events_document_search_vector ON events_document;
DROP FUNCTION events_document_search_vector();
"""


def fill_slugs(apps, schema_editor):
    Document = apps.get_model("events", "Document")
    taken = set()
    for document in Document.objects.order_by("pk"):
        base = slugify(document.title)[:200].strip("-") or "document"
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        document.slug = slug
        document.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("events", "0004_session_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="slug",
            field=models.SlugField(
                db_index=False, max_length=220, null=True, verbose_name="slug"
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="document",
            name="slug",
            field=models.SlugField(max_length=220, unique=True, verbose_name="slug"),
        ),
        migrations.AddField(
            model_name="document",
            name="date",
            field=models.DateField(blank=True, null=True, verbose_name="date"),
        ),
        migrations.AlterField(
            model_name="document",
            name="content_type",
            field=models.CharField(blank=True, max_length=100, verbose_name="type"),
        ),
        migrations.AlterField(
            model_name="document",
            name="kind",
            field=models.CharField(
                choices=[
                    ("outcome", "Outcome document"),
                    ("communique", "Communiqué"),
                    ("presentation", "Presentation"),
                    ("report", "Report"),
                    ("other", "Other"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="original",
            field=models.ForeignKey(
                blank=True,
                help_text="The document this one translates, for a language version.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="translations",
                to="events.document",
                verbose_name="original",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="text",
            field=models.TextField(
                blank=True,
                help_text="Extracted from the file when there is one; Markdown.",
                verbose_name="text",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="text_is_summary",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Tick when the text summarises the document instead of giving it."
                ),
                verbose_name="the text is a summary",
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="document",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunSQL(CREATE_TRIGGER, DROP_TRIGGER),
        migrations.AddIndex(
            model_name="document",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="document_search"
            ),
        ),
    ]
