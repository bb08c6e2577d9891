"""Read layer for themes and versions in other languages. Every read that names
themes resolves their labels in bulk: one query for a whole list, never one a card."""

from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
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

    def for_desk(self):
        """Every label and tag of each theme, and its use, in three queries."""
        return self.with_usage().prefetch_related("labels", "tag_links__tag")

    def matching(self, q: str):
        """Themes one of whose labels or tags contains ``q``."""
        return self.filter(
            Q(labels__name__icontains=q) | Q(tag_links__tag__name__icontains=q)
        ).distinct()

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


# A tag that names no theme yet (written by code that bypassed the services)
# reads as a theme of its own: its slug and its name.
UNLINKED = Q(tag__theme_link__isnull=True)
THEME_SLUG = Coalesce("tag__theme_link__theme__slug", "tag__slug")


def tagged_with(model, slug: str):
    """Ids of ``model`` rows tagged with any tag of the theme ``slug``."""
    return TaggedItem.objects.filter(
        Q(tag__theme_link__theme__slug=slug) | UNLINKED & Q(tag__slug=slug),
        content_type_id=ContentType.objects.get_for_model(model).pk,
    ).values("object_id")


def theme_counts(tagged_items, language: str, limit: int = 30) -> list[dict]:
    """``{"slug", "name", "count"}`` of the themes of ``tagged_items``, most used
    first: one GROUP BY query, and one for the labels of those themes only (a
    label read in the GROUP BY would be read once a tagging)."""
    rows = list(
        tagged_items.values(
            theme=models.F("tag__theme_link__theme_id"),
            slug=THEME_SLUG,
            tag_name=Case(When(UNLINKED, then="tag__name")),
        )
        .annotate(count=models.Count("object_id", distinct=True))
        .order_by("-count", "slug")[:limit]
    )
    names = labels_for([row["theme"] for row in rows if row["theme"]], language)
    return [
        {**row, "name": names.get(row["theme"]) or row["tag_name"] or row["slug"]}
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
        )
        .values(
            "object_id",
            slug=THEME_SLUG,
            name=Coalesce(label_in(language, "tag__theme_link__theme_id"), "tag__name"),
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


def theme_names(obj, language: str) -> list[str]:
    """The names of ``obj``'s themes in ``language``: those attached to it
    (``attach_themes``) or, when none were, read in one query."""
    themes = getattr(obj, "themes", None)
    if themes is None:
        themes = themes_by_object(type(obj), [obj.pk], language).get(obj.pk, [])
    return [theme["name"] for theme in themes]


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

    def for_reader(self, language: str, *, chosen: str = ""):
        """What a list shows a reader of ``language``: one version a group, but
        every version when the reader has ``chosen`` a language to list."""
        return self if chosen else self.one_per_group(language)

    def versions_of(self, item):
        """Every version of ``item``'s group, ``item`` included."""
        original = item.translation_of_id or item.pk
        return self.filter(Q(pk=original) | Q(translation_of=original))

    def lacking(self, language: str):
        """Published originals with no published version in ``language``, the
        most asked for, then the most read, first; ``requests`` counts the
        members who asked for one."""
        published = self.model._default_manager.published()
        wanted = (
            apps.get_model("taxonomy", "TranslationRequest")
            .objects.filter(
                content_type_id=ContentType.objects.get_for_model(self.model).pk,
                object_id=OuterRef("pk"),
                language=language,
            )
            .order_by()
            .values("object_id")
            .annotate(n=models.Count("*"))
            .values("n")
        )
        return (
            self.published()
            .filter(translation_of__isnull=True)
            .exclude(language=language)
            .exclude(
                Exists(
                    published.filter(translation_of=OuterRef("pk"), language=language)
                )
            )
            .annotate(
                requests=Coalesce(
                    Subquery(wanted, output_field=models.IntegerField()), 0
                )
            )
            .order_by("-requests", "-view_count", "-id")
        )


def theme_terms() -> tuple[tuple[str, ...], ...]:
    """Each theme's labels and the names of its tags, for themes named more than
    one way: what the site search treats as one meaning (one query)."""
    terms: dict[int, list[str]] = defaultdict(list)
    labels = _label_model().objects.values_list("theme_id", "name")
    links = apps.get_model("taxonomy", "ThemeTag").objects.values_list(
        "theme_id", "tag__name"
    )
    both = labels.order_by().union(links.order_by(), all=True).order_by()
    for theme_id, name in both:
        terms[theme_id].append(name)
    return tuple(
        tuple(dict.fromkeys(names))
        for names in terms.values()
        if len({name.lower() for name in names}) > 1
    )
