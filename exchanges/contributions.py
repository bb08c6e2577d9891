"""A member's knowledge requests, offers and exchange messages, for /me/ and their
data export (registered with ``members.contributions`` when the app is ready). Of the
other side, never more than an institution's name. Deleting the account leaves
their requests, offers and messages to their institution and the other side of each
thread, without a contact or author (the foreign keys set null)."""

from members.contributions import Contribution, iso, register


def _plain(value):
    return iso(value) if hasattr(value, "isoformat") else value


LISTING = ("title", "slug", "status", "summary", "body", "created_at")


def _requests(user) -> list[dict]:
    return [
        {name: _plain(getattr(item, name)) for name in (*LISTING, "context")}
        for item in user.knowledgerequests.order_by("created_at", "id")
    ]


def _offers(user) -> list[dict]:
    return [
        {name: _plain(getattr(item, name)) for name in LISTING}
        for item in user.knowledgeoffers.order_by("created_at", "id")
    ]


def _flags(user) -> list[dict]:
    """Their flags on requests and offers (the listing's address, not its contact)."""
    return [
        {
            "listing": flag.listing.get_absolute_url(),
            "reason": flag.reason,
            "note": flag.note,
            "created_at": iso(flag.created_at),
        }
        for flag in user.listing_flags.select_related("request", "offer").order_by(
            "created_at", "id"
        )
    ]


def _listings(user) -> list:
    """Their requests and offers, newest first, held and hidden ones included."""
    fields = ("title", "slug", "status", "hidden", "awaiting_review", "created_at")
    items = [
        *user.knowledgerequests.only(*fields),
        *user.knowledgeoffers.only(*fields),
    ]
    return sorted(items, key=lambda item: item.created_at, reverse=True)


def _messages(user) -> list[dict]:
    return [
        {
            "thread": message.thread_id,
            "body": message.body,
            "created_at": iso(message.created_at),
        }
        for message in user.exchange_messages.order_by("created_at", "id")
    ]


def register_contributions() -> None:
    register(Contribution(name="knowledge_requests", export=_requests))
    register(Contribution(name="knowledge_offers", export=_offers))
    register(Contribution(name="exchange_messages", export=_messages))
    register(Contribution(name="knowledge_listings", owned=_listings))
    register(Contribution(name="listing_flags", export=_flags))
