"""The knowledge exchange in the open data: requests and offers that are not
hidden, and completed exchanges. No contact person, message or thread is read;
an institution is named (by slug) only once verified."""

from django.db.models import Prefetch
from django.utils.translation import gettext_noop

from exchanges.models import Exchange, ExchangeParty, KnowledgeOffer, KnowledgeRequest

from .fields import (
    Field,
    Resource,
    attribute,
    dimensions_field,
    slug_of,
    text_field,
    url_field,
)


def _verified(institution) -> bool:
    return institution.verified


def _listed(item) -> bool:
    return not item.hidden


def _published(story) -> bool:
    return story.is_published


def _listing_fields(kind: str) -> tuple[Field, ...]:
    return (
        text_field("slug", f"Identifier, also the end of the {kind}'s address."),
        text_field("title", "Title."),
        text_field("summary", "Summary."),
        text_field("body", "Description (Markdown)."),
        Field(
            "institution",
            "string",
            "Slug of the institution that posted it.",
            slug_of("institution", public=_verified),
        ),
        Field(
            "countries",
            "string",
            "ISO 3166-1 alpha-2 codes of the countries concerned.",
            lambda item: list(item.countries),
            is_list=True,
        ),
        Field(
            "languages",
            "string",
            "Working languages (ISO 639-1).",
            attribute("languages"),
            is_list=True,
        ),
        Field(
            "modalities",
            "string",
            "Ways of sharing: study_visit, virtual, peer_workshop, expert, documents.",
            attribute("modalities"),
            is_list=True,
        ),
        dimensions_field(),
        text_field("status", "Where it stands."),
        Field("created_at", "datetime", "Posted (UTC).", attribute("created_at")),
    )


def _listings(model):
    return (
        model.objects.listed()
        .select_related("institution")
        .prefetch_related("dimensions")
        .defer("institution__search_vector")
        .order_by("pk")
    )


REQUESTS = Resource(
    name="knowledge-requests",
    title=gettext_noop("Knowledge requests"),
    description=gettext_noop("What institutions want to learn from others."),
    rows=lambda: _listings(KnowledgeRequest),
    fields=(
        *_listing_fields("request"),
        Field("needed_by", "date", "Wanted by this day.", attribute("needed_by")),
        url_field(),
    ),
)

OFFERS = Resource(
    name="knowledge-offers",
    title=gettext_noop("Knowledge offers"),
    description=gettext_noop("What institutions offer to share with others."),
    rows=lambda: _listings(KnowledgeOffer),
    fields=(*_listing_fields("offer"), url_field()),
)


def _side(side: str):
    return lambda exchange: sorted(
        party.institution.slug
        for party in exchange.parties.all()
        if party.side == side and party.institution.verified
    )


EXCHANGES = Resource(
    name="exchanges",
    title=gettext_noop("Completed exchanges"),
    description=gettext_noop(
        "Knowledge exchanges between institutions that took place."
    ),
    rows=lambda: (
        Exchange.objects.completed()
        .select_related("request", "offer", "case_story")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=ExchangeParty.objects.select_related("institution").only(
                    "exchange_id", "side", "institution__slug", "institution__verified"
                ),
            )
        )
        .order_by("pk")
    ),
    fields=(
        text_field("slug", "Identifier, also the end of the exchange's address."),
        text_field("title", "Title."),
        text_field("modality", "Way of sharing."),
        Field("starts_on", "date", "First day.", attribute("starts_on")),
        Field("ends_on", "date", "Last day.", attribute("ends_on")),
        Field(
            "completed_at", "datetime", "Completed (UTC).", attribute("completed_at")
        ),
        Field(
            "providers",
            "string",
            "Slugs of the institutions that shared.",
            _side("provider"),
            is_list=True,
        ),
        Field(
            "seekers",
            "string",
            "Slugs of the institutions that learnt.",
            _side("seeker"),
            is_list=True,
        ),
        Field(
            "request",
            "string",
            "Slug of the request.",
            slug_of("request", public=_listed),
        ),
        Field(
            "offer", "string", "Slug of the offer.", slug_of("offer", public=_listed)
        ),
        Field(
            "case_story",
            "string",
            "Slug of the case story written about it, once published.",
            slug_of("case_story", public=_published),
        ),
        url_field(),
    ),
)
