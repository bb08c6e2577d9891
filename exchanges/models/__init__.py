"""Knowledge requests and offers, the private threads between two institutions,
and the exchanges they agree, followed to their results."""

from .flags import ListingFlag
from .listings import (
    SUMMARY_MAX_LENGTH,
    KnowledgeOffer,
    KnowledgeRequest,
    Listing,
    Modality,
    OfferStatus,
    RequestStatus,
    WorkingLanguage,
)
from .threads import (
    Exchange,
    ExchangeParty,
    ExchangeStatus,
    Message,
    Side,
    Thread,
)

__all__ = [
    "SUMMARY_MAX_LENGTH",
    "Exchange",
    "ExchangeParty",
    "ExchangeStatus",
    "KnowledgeOffer",
    "KnowledgeRequest",
    "Listing",
    "ListingFlag",
    "Message",
    "Modality",
    "OfferStatus",
    "RequestStatus",
    "Side",
    "Thread",
    "WorkingLanguage",
]
