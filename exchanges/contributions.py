"""A member's knowledge requests, offers and exchange messages, for their data
export (registered with ``members.contributions`` when the app is ready). Of the
other side, never more than an institution's name. Deleting the account leaves
their requests, offers and messages to their institution and the other side of each
thread, without a contact or author (the foreign keys set null)."""

from members.contributions import Contribution, register


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _plain(value):
    return _iso(value) if hasattr(value, "isoformat") else value


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


def _messages(user) -> list[dict]:
    return [
        {
            "thread": message.thread_id,
            "body": message.body,
            "created_at": _iso(message.created_at),
        }
        for message in user.exchange_messages.order_by("created_at", "id")
    ]


def register_contributions() -> None:
    register(Contribution(name="knowledge_requests", export=_requests))
    register(Contribution(name="knowledge_offers", export=_offers))
    register(Contribution(name="exchange_messages", export=_messages))
