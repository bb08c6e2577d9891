"""The stored search vectors of case stories: what each holds, rebuilt by the
services whenever what it holds changes (a story's text, its themes, its
institutions, a dimension's name)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    F,
    Func,
    OuterRef,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import translation
from taggit.models import TaggedItem

from core.search import configs_for, weighted_vector
from members.models import Institution

from .models import CaseStory, Dimension


def refresh_themed_search_vectors(tag_ids) -> int:
    """Rebuild the vectors of the stories tagged with any of ``tag_ids``: a
    moderator renamed, translated or merged the theme those tags name."""
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(CaseStory),
        tag_id__in=list(tag_ids),
    ).values("object_id")
    return refresh_search_vectors(CaseStory.objects.filter(pk__in=tagged))


def refresh_search_vector(*, case_story: CaseStory) -> None:
    """Rebuild one story's stored vector (see :func:`refresh_search_vectors`)."""
    refresh_search_vectors(CaseStory.objects.filter(pk=case_story.pk))


def refresh_search_vectors(case_stories) -> int:
    """Rebuild the stored vectors of ``case_stories`` in one UPDATE per language:
    title A, summary B, sections C, and D the labels: themes (the tags as written
    and their themes' labels in every language), institution names and acronyms,
    and the KS dimensions' names in English, Spanish and French. Returns how many
    stories were updated."""
    labels = _label_text()
    updated = 0
    for language in case_stories.values_list("language", flat=True).distinct():
        updated += (
            CaseStory.objects.filter(
                pk__in=case_stories.filter(language=language).values("pk")
            )
            .order_by()
            .update(
                search_vector=weighted_vector(
                    configs_for(language),
                    a=["title"],
                    b=["summary"],
                    c=["context", "challenge", "solution", "results", "lessons"],
                    d=[labels],
                )
            )
        )
    return updated


def _label_text() -> Func:
    """Each story's labels as one text, in SQL: its tags and their themes'
    labels, its institutions' names and acronyms, and its dimensions' names in
    every language."""
    names = {}
    for dimension in Dimension.objects.all():
        translated = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                translated.append(translation.gettext(dimension.name))
        names[dimension.pk] = " ".join(dict.fromkeys([dimension.name, *translated]))
    dimension_text = Case(
        *(When(dimension_id=pk, then=Value(text)) for pk, text in names.items()),
        default=Value(""),
        output_field=TextField(),
    )
    story = OuterRef("pk")
    institution = Institution.objects.filter(pk=OuterRef("lead_institution_id"))
    institution_text = Concat(
        "name", Value(" "), Coalesce("acronym", Value("")), output_field=TextField()
    )
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(CaseStory), object_id=story
    )
    parts = [
        _joined(tagged, "object_id", F("tag__name")),
        _joined(tagged, "object_id", F("tag__theme_link__theme__labels__name")),
        Subquery(
            institution.annotate(text=institution_text).values("text")[:1],
            output_field=TextField(),
        ),
        _joined(
            CaseStory.partner_institutions.through.objects.filter(casestory_id=story),
            "casestory_id",
            Concat(
                "institution__name",
                Value(" "),
                Coalesce("institution__acronym", Value("")),
                output_field=TextField(),
            ),
        ),
        _joined(
            CaseStory.dimensions.through.objects.filter(casestory_id=story),
            "casestory_id",
            dimension_text,
        ),
    ]
    return Func(Value(" "), *parts, function="concat_ws", output_field=TextField())


def _joined(rows, key: str, text) -> Subquery:
    """``text`` of each of ``rows`` (one story's) joined by spaces, as a subquery."""
    joined = (
        rows.order_by()
        .values(key)
        .annotate(joined=StringAgg(text, Value(" ")))
        .values("joined")
    )
    return Subquery(joined[:1], output_field=TextField())
