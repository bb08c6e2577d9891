"""What a member's data export holds of knowledge exchange: their own requests,
offers and messages; of the other side, never more than an institution's name."""


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def member_data(user) -> dict:
    listing = ("title", "slug", "status", "summary", "body", "created_at")
    return {
        "requests": [
            {name: _plain(getattr(item, name)) for name in (*listing, "context")}
            for item in user.knowledgerequests.order_by("created_at", "id")
        ],
        "offers": [
            {name: _plain(getattr(item, name)) for name in listing}
            for item in user.knowledgeoffers.order_by("created_at", "id")
        ],
        "messages": [
            {
                "thread": message.thread_id,
                "body": message.body,
                "created_at": _iso(message.created_at),
            }
            for message in user.exchange_messages.order_by("created_at", "id")
        ],
    }


def _plain(value):
    return _iso(value) if hasattr(value, "isoformat") else value
