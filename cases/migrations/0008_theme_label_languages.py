"""A theme made from a tag that only stories of one other language carry is
labelled in that language rather than in English."""

from django.db import migrations
from django.db.models import Count


def label_in_story_language(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    CaseStory = apps.get_model("cases", "CaseStory")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ThemeLabel = apps.get_model("taxonomy", "ThemeLabel")
    story_type = ContentType.objects.filter(app_label="cases", model="casestory")
    story_type = story_type.first()
    if story_type is None:
        return
    languages = {}
    items = TaggedItem.objects.filter(content_type=story_type)
    for tag_id, object_id in items.values_list("tag_id", "object_id").iterator():
        languages.setdefault(tag_id, set()).add(object_id)
    story_language = dict(CaseStory.objects.values_list("pk", "language"))
    for tag_id, stories in languages.items():
        spoken = {story_language.get(pk) for pk in stories} - {None}
        if len(spoken) != 1 or spoken == {"en"}:
            continue
        language = spoken.pop()
        labels = ThemeLabel.objects.filter(theme__tag_links__tag_id=tag_id)
        if labels.annotate(n=Count("theme__labels")).filter(n=1).exists():
            labels.filter(language="en").update(language=language)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_translation_groups"),
        ("taxonomy", "0002_themes_from_tags"),
    ]

    operations = [
        migrations.RunPython(label_in_story_language, migrations.RunPython.noop)
    ]
