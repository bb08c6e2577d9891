"""Posts are searched through their stored vector alone, so the ones saved without
one get it now, built as ``blog.services.refresh_search_vector`` builds it (the
configurations are copied here: a migration does not follow later code). A
trigram index on titles serves the search's near matches."""

import django.contrib.postgres.indexes
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.models import Value

CONFIGS = {
    "en": ("kshub_english",),
    "es": ("spanish", "kshub_spanish"),
    "fr": ("french", "kshub_french"),
}
FALLBACK_CONFIGS = ("kshub_simple",)


def vector(configs, tags: str):
    parts = [
        SearchVector(*expressions, config=config, weight=weight)
        for config in configs
        for weight, expressions in (
            ("A", ["title"]),
            ("B", ["summary"]),
            ("C", ["body"]),
            ("D", [Value(tags)]),
        )
    ]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined + part
    return combined


def fill_missing_vectors(apps, schema_editor):
    db = schema_editor.connection.alias
    Post = apps.get_model("blog", "Post")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ContentType = apps.get_model("contenttypes", "ContentType")
    post_type = (
        ContentType.objects.using(db).filter(app_label="blog", model="post").first()
    )
    missing = Post.objects.using(db).filter(search_vector__isnull=True)
    for pk, language in missing.values_list("pk", "language"):
        tags = (
            TaggedItem.objects.using(db)
            .filter(content_type=post_type, object_id=pk)
            .order_by("tag__name")
            .values_list("tag__name", flat=True)
            if post_type
            else []
        )
        Post.objects.using(db).filter(pk=pk).update(
            search_vector=vector(
                CONFIGS.get(language, FALLBACK_CONFIGS), " ".join(tags)
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_initial"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.RunPython(fill_missing_vectors, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="post",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title"], name="post_title_trgm", opclasses=["gin_trgm_ops"]
            ),
        ),
    ]
