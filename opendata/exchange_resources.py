"""The knowledge exchange in the open data: requests and offers that are not
hidden, and completed exchanges. No contact person, message or thread is read;
an institution is named (by slug) only once verified."""

from django.db.models import Prefetch

from exchanges.models import Exchange, ExchangeParty, KnowledgeOffer, KnowledgeRequest

from .resources import Field, Resource, _attr, _dimensions, _slug_of, _text, _url


def _verified(institution) -> bool:
    return institution.verified


def _listed(item) -> bool:
    return not item.hidden


def _published(story) -> bool:
    return story.is_published


def _listing_fields(kind: str) -> tuple[Field, ...]:
    return (
        _text("slug", f"Identifier, also the end of the {kind}'s address."),
        _text("title", "Title."),
        _text("summary", "Summary."),
        _text("body", "Description (Markdown)."),
        Field(
            "institution",
            "string",
            "Slug of the institution that posted it.",
            _slug_of("institution", public=_verified),
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
            _attr("languages"),
            is_list=True,
        ),
        Field(
            "modalities",
            "string",
            "Ways of sharing: study_visit, virtual, peer_workshop, expert, documents.",
            _attr("modalities"),
            is_list=True,
        ),
        _dimensions(),
        _text("status", "Where it stands."),
        Field("created_at", "datetime", "Posted (UTC).", _attr("created_at")),
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
    title="Knowledge requests",
    description="What institutions want to learn from others.",
    rows=lambda: _listings(KnowledgeRequest),
    fields=(
        *_listing_fields("request"),
        Field("needed_by", "date", "Wanted by this day.", _attr("needed_by")),
        _url(),
    ),
)

OFFERS = Resource(
    name="knowledge-offers",
    title="Knowledge offers",
    description="What institutions offer to share with others.",
    rows=lambda: _listings(KnowledgeOffer),
    fields=(*_listing_fields("offer"), _url()),
)


def _side(side: str):
    return lambda exchange: sorted(
        party.institution.slug
        for party in exchange.parties.all()
        if party.side == side and party.institution.verified
    )


EXCHANGES = Resource(
    name="exchanges",
    title="Completed exchanges",
    description="Knowledge exchanges between institutions that took place.",
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
        _text("slug", "Identifier, also the end of the exchange's address."),
        _text("title", "Title."),
        _text("modality", "Way of sharing."),
        Field("starts_on", "date", "First day.", _attr("starts_on")),
        Field("ends_on", "date", "Last day.", _attr("ends_on")),
        Field("completed_at", "datetime", "Completed (UTC).", _attr("completed_at")),
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
            _slug_of("request", public=_listed),
        ),
        Field(
            "offer", "string", "Slug of the offer.", _slug_of("offer", public=_listed)
        ),
        Field(
            "case_story",
            "string",
            "Slug of the case story written about it, once published.",
            _slug_of("case_story", public=_published),
        ),
        _url(),
    ),
)
