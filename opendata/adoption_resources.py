"""Adoptions in the open data: the institutions that adapted a published case
story, as its page shows them to visitors (``Adoption.objects.shown()``: not
hidden, not withdrawn), by verified institutions only. Who wrote the note is never
read: an adoption belongs to its institution, so a deleted account leaves nothing
of itself here."""

from django.utils.translation import gettext_noop

from impact.models import Adoption

from .fields import Field, Resource, attribute, slug_of, text_field, url_field

ADOPTIONS = Resource(
    name="adoptions",
    title=gettext_noop("Adoptions"),
    description=gettext_noop(
        "Institutions that adapted a published case story, and how it went."
    ),
    rows=lambda: (
        Adoption.objects.shown()
        .filter(institution__verified=True)
        .select_related("case_story", "institution")
        .only(
            "note",
            "created_at",
            "case_story__slug",
            "institution__slug",
            "institution__country",
        )
        .order_by("pk")
    ),
    primary_key="id",
    fields=(
        Field("id", "integer", "Identifier.", attribute("pk")),
        Field(
            "case_story",
            "string",
            "Slug of the case story adapted.",
            slug_of("case_story"),
        ),
        Field(
            "institution",
            "string",
            "Slug of the institution that adapted it.",
            slug_of("institution"),
        ),
        Field(
            "country",
            "string",
            "ISO 3166-1 alpha-2 code of that institution's country.",
            lambda adoption: adoption.institution.country.code or None,
        ),
        text_field("note", "What the institution took and how it went (Markdown)."),
        Field("created_at", "datetime", "Adapted (UTC).", attribute("created_at")),
        url_field(),
    ),
)
