"""Open knowledge requests and offers, and the exchanges completed on them, in the
site search (registered with ``core.sitesearch`` when the app is ready): what they
ask or offer, never who to contact. A thread is private and never found."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import sitesearch
from core.prepared import Prepared
from core.search import best_candidates, matches, rank, safe_snippet
from core.sitesearch import (
    Kind,
    Later,
    Result,
    register,
    shown_address,
    shown_date,
    text_of,
    total_of,
    with_total,
)

from .models import Exchange, KnowledgeOffer, KnowledgeRequest, Modality

LISTING_FIELDS = (
    "title",
    "slug",
    "summary",
    "language",
    "relevance",
    "institution__name",
    "institution__acronym",
)
# A request or offer is a short notice about a topic: where a case story matches as
# well, the story (what was done) comes first.
LISTING_WEIGHT = 0.7
# Below any full-text rank: an exchange is found through its request or offer.
EXCHANGE_RANK = 0.05


def _found_listings(model):
    return Prepared(
        lambda q, limit, candidates: with_total(
            best_candidates(model.objects.active().filter(matches(q)), candidates)
            .annotate(relevance=rank(q))
            .order_by("-relevance", "-created_at")
            .values(*LISTING_FIELDS)
        )[:limit]
    )


_FOUND = {model: _found_listings(model) for model in (KnowledgeRequest, KnowledgeOffer)}
_EXCHANGES = Prepared(
    lambda q, limit: with_total(
        Exchange.objects.completed()
        .filter(
            Q(request__in=KnowledgeRequest.objects.listed().filter(matches(q)))
            | Q(offer__in=KnowledgeOffer.objects.listed().filter(matches(q)))
        )
        .order_by("-completed_at", "-id")
        .values("title", "slug", "modality", "completed_at")
    )[:limit]
)


def _modality(value: str) -> str:
    """As ``get_modality_display`` reads it."""
    return str(dict(Modality.choices).get(value, value))


def _listings(model, kind: str, label, q: str, limit: int):
    rows = _FOUND[model](q, limit, sitesearch.CANDIDATES)
    label = str(label)  # translated once, not per row
    return [
        Result(
            kind=kind,
            label=label,
            title=row["title"],
            url=shown_address(f"exchanges:{kind}", row["slug"]),
            snippet=Later(safe_snippet, (row["summary"],)),
            # The institution's short name.
            meta=row["institution__acronym"] or row["institution__name"] or "",
            rank=LISTING_WEIGHT * float(row["relevance"] or 0),
            language=row["language"],
        )
        for row in rows
    ], total_of(rows)


def _requests(q: str, limit: int):
    return _listings(KnowledgeRequest, "request", _("Knowledge request"), q, limit)


def _offers(q: str, limit: int):
    return _listings(KnowledgeOffer, "offer", _("Knowledge offer"), q, limit)


def _exchanges(q: str, limit: int):
    """Completed exchanges whose request or offer matches (hidden ones aside)."""
    exchanges = _EXCHANGES(q, limit)
    label = str(_("Completed exchange"))  # translated once, not per row
    return [
        Result(
            kind="exchange",
            label=label,
            title=exchange["title"],
            url=shown_address("exchanges:exchange", exchange["slug"]),
            snippet=safe_snippet(_modality(exchange["modality"])),
            meta=shown_date(exchange["completed_at"], "Y"),
            rank=EXCHANGE_RANK,
        )
        for exchange in exchanges
    ], total_of(exchanges)


def register_search_kinds() -> None:
    register(
        Kind(
            "request",
            _("Knowledge requests"),
            _requests,
            words=(
                (
                    KnowledgeRequest,
                    lambda: KnowledgeRequest.objects.active().annotate(
                        text=text_of("title", "summary")
                    ),
                ),
            ),
        )
    )
    register(
        Kind(
            "offer",
            _("Knowledge offers"),
            _offers,
            words=(
                (
                    KnowledgeOffer,
                    lambda: KnowledgeOffer.objects.active().annotate(
                        text=text_of("title", "summary")
                    ),
                ),
            ),
        )
    )
    register(Kind("exchange", _("Completed exchanges"), _exchanges))
