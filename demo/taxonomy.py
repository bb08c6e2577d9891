"""The demo's themes in three languages and its versions of stories in other
languages, from ``demo/data/taxonomy.yaml``: loaded through the services, as the
demo moderator, so the desk's audit log shows them."""

from django.contrib.auth import get_user_model
from taggit.models import Tag

from cases.models import CaseStory
from cases.services import refresh_search_vector
from taxonomy.models import Theme, ThemeLabel
from taxonomy.services import merge_themes, set_tags, set_theme_label

from .loading import read_data, upsert

COPIED = ("lead_institution", "countries", "year", "published_at")
TEXTS = ("title", "summary", "context", "challenge", "solution")


def load() -> None:
    data = read_data("taxonomy")
    moderator = get_user_model().objects.get(email="moderator@kshub.example")
    for row in data["translations"]:
        _load_version(row)
    for row in data["themes"]:
        _load_theme(row, moderator)


def _load_version(row: dict) -> None:
    original = CaseStory.objects.filter(slug=row["translation_of"]).first()
    if original is None:
        return
    story = upsert(
        None,
        CaseStory,
        {"slug": row["slug"]},
        {
            **{name: row[name] for name in TEXTS},
            **{name: getattr(original, name) for name in COPIED},
            "language": row["language"],
            "status": original.status,
            "translation_of": original,
        },
    )
    story.dimensions.set(original.dimensions.all())
    if {t.name for t in story.tags.all()} != set(row["tags"]):
        set_tags(story, row["tags"], language=story.language)
    refresh_search_vector(case_story=story)


def _load_theme(row: dict, moderator) -> None:
    """Fold the themes of the row's tags into one, then label it."""
    names = [name.lower() for name in row["tags"]]
    tags = [tag for tag in Tag.objects.all() if tag.name.lower() in names]
    themes = list(
        Theme.objects.filter(tag_links__tag__in=tags).distinct().order_by("pk")
    )
    if not themes:
        return
    target = next((t for t in themes if t.slug == row["slug"]), themes[0])
    for source in themes:
        if source.pk != target.pk:
            merge_themes(source=source, target=target, actor=moderator)
    current = dict(
        ThemeLabel.objects.filter(theme=target).values_list("language", "name")
    )
    for language, name in row["labels"].items():
        if current.get(language) != name:
            set_theme_label(theme=target, language=language, name=name, actor=moderator)
