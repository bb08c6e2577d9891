"""Read layer for themes and versions in other languages. Every read that names
themes resolves their labels in bulk: one query for a whole list, never one a card."""

from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from taggit.models import TaggedItem

from core.querysets import ReviewedQuerySet


def _label_model():
    return apps.get_model("taxonomy", "ThemeLabel")


def label_in(language: str, theme_ref: str = "pk") -> Subquery:
    """The label of the theme at ``theme_ref`` in ``language``, else in English,
    else in any language: a subquery, so a list reads labels with its rows."""
    preference = Case(
        When(language=language, then=Value(0)),
        When(language=settings.LANGUAGE_CODE, then=Value(1)),
        default=Value(2),
    )
    return Subquery(
        _label_model()
        .objects.filter(theme_id=OuterRef(theme_ref))
        .order_by(preference, "language")
        .values("name")[:1]
    )


class ThemeQuerySet(models.QuerySet):
    def labelled(self, language: str):
        return self.annotate(name=label_in(language))

    def named(self, slug: str):
        """The theme a slug names, as ``(theme, canonical)``: its own slug, the
        slug of one of its tags, or the slug of a theme merged into it;
        ``(None, False)`` when it names nothing."""
        theme = self.filter(slug=slug).first()
        if theme is not None:
            return theme, True
        theme = (
            self.filter(Q(tag_links__tag__slug=slug) | Q(redirects__old_slug=slug))
            .distinct()
            .first()
        )
        return theme, False

    def with_usage(self):
        """How many taggings each theme has, for the desk."""
        return self.annotate(
            uses=Subquery(
                TaggedItem.objects.filter(tag__theme_link__theme=OuterRef("pk"))
                .order_by()
                .values("tag__theme_link__theme")
                .annotate(n=models.Count("*"))
                .values("n"),
                output_field=models.IntegerField(),
            )
        )


def tagged_with(model, slug: str):
    """Ids of ``model`` rows tagged with any tag of the theme ``slug``."""
    return TaggedItem.objects.filter(
        content_type_id=ContentType.objects.get_for_model(model).pk,
        tag__theme_link__theme__slug=slug,
    ).values("object_id")


def theme_counts(tagged_items, language: str, limit: int = 30) -> list[dict]:
    """``{"slug", "name", "count"}`` of the themes of ``tagged_items``, most used
    first: one GROUP BY query and one for the labels."""
    rows = list(
        tagged_items.filter(tag__theme_link__isnull=False)
        .values(
            theme=models.F("tag__theme_link__theme_id"),
            slug=models.F("tag__theme_link__theme__slug"),
        )
        .annotate(count=models.Count("object_id", distinct=True))
        .order_by("-count", "slug")[:limit]
    )
    names = labels_for([row["theme"] for row in rows], language)
    return [
        {"slug": row["slug"], "name": names.get(row["theme"], row["slug"]), **row}
        for row in rows
    ]


def labels_for(theme_ids, language: str) -> dict[int, str]:
    """Each theme's label in ``language`` (or the fallbacks), in one query."""
    Theme = apps.get_model("taxonomy", "Theme")
    return dict(
        Theme.objects.filter(pk__in=list(theme_ids))
        .labelled(language)
        .values_list("pk", "name")
    )


def themes_by_object(model, object_ids, language: str) -> dict[int, list[dict]]:
    """``{object_id: [{"slug", "name"}, ...]}`` for every object at once, in one
    query: what cards and pages show as themes, in the reader's language."""
    rows = (
        TaggedItem.objects.filter(
            content_type_id=ContentType.objects.get_for_model(model).pk,
            object_id__in=list(object_ids),
            tag__theme_link__isnull=False,
        )
        .values(
            "object_id",
            slug=models.F("tag__theme_link__theme__slug"),
            name=label_in(language, "tag__theme_link__theme_id"),
        )
        .order_by("object_id", "name")
        .distinct()
    )
    found: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        found[row["object_id"]].append({"slug": row["slug"], "name": row["name"]})
    return found


def attach_themes(objects, language: str) -> list:
    """``objects`` as a list, each with its ``themes``: one query for all."""
    objects = list(objects)
    if objects:
        found = themes_by_object(type(objects[0]), [o.pk for o in objects], language)
        for obj in objects:
            obj.themes = found.get(obj.pk, [])
    return objects


class TranslatedQuerySet(ReviewedQuerySet):
    """Content with versions in other languages: each version points at the
    original (``translation_of``), so a group is the original and its versions."""

    def one_per_group(self, language: str):
        """One version a group: the one in ``language`` where there is one, else
        the original (else, when the original is not public, each version)."""
        published = self.model._default_manager.published()
        in_language = published.filter(language=language)
        return self.filter(
            Q(language=language)
            | Q(translation_of__isnull=True)
            & ~Exists(in_language.filter(translation_of=OuterRef("pk")))
            | Q(translation_of__isnull=False)
            & ~Exists(published.filter(pk=OuterRef("translation_of")))
            & ~Exists(in_language.filter(translation_of=OuterRef("translation_of")))
        )

    def versions_of(self, item):
        """Every version of ``item``'s group, ``item`` included."""
        original = item.translation_of_id or item.pk
        return self.filter(Q(pk=original) | Q(translation_of=original))
