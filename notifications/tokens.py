"""Signed addresses: the Reply-To of a notice and the unsubscribe link.

A reply address carries, in its local part, the member, the comment to answer and
the day it was made, with a truncated HMAC over them: lower-case letters and
digits only (mail servers may fold case), under 64 characters. The unsubscribe
token is a plain ``django.core.signing`` token in a URL; it does not expire, as a
link in an old mail must still work.
"""

import hmac
import time

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

REPLY_SALT = "notifications.reply"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
SIGNATURE_LENGTH = 24  # hex characters: 96 bits
DAY = 24 * 60 * 60


class BadToken(Exception):
    """Unknown, tampered or expired; ``reason`` says which."""

    def __init__(self, reason: str, member_id: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.member_id = member_id  # known when only the date is wrong


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def _signature(payload: str) -> str:
    return salted_hmac(REPLY_SALT, payload, algorithm="sha256").hexdigest()[
        :SIGNATURE_LENGTH
    ]


def reply_address(*, member_id: int, comment_id: int, now: float | None = None) -> str:
    day = int((now if now is not None else time.time()) // DAY)
    payload = f"{_b36(member_id)}.{_b36(comment_id)}.{_b36(day)}"
    local = f"{settings.REPLY_ADDRESS_PREFIX}{payload}.{_signature(payload)}"
    return f"{local}@{settings.REPLY_DOMAIN}"


def read_reply_address(address: str, *, now: float | None = None) -> tuple[int, int]:
    """The (member id, comment id) an address of ours names; BadToken otherwise."""
    local, _at, domain = (address or "").strip().lower().rpartition("@")
    prefix = settings.REPLY_ADDRESS_PREFIX.lower()
    if domain != settings.REPLY_DOMAIN.lower() or not local.startswith(prefix):
        raise BadToken("unknown")
    parts = local[len(prefix) :].split(".")
    if len(parts) != 4:
        raise BadToken("unknown")
    payload, signature = ".".join(parts[:3]), parts[3]
    if not hmac.compare_digest(signature, _signature(payload)):
        raise BadToken("tampered")
    try:
        member_id, comment_id, day = (int(part, 36) for part in parts[:3])
    except ValueError:
        raise BadToken("tampered") from None
    today = int((now if now is not None else time.time()) // DAY)
    if today - day > settings.REPLY_ADDRESS_MAX_AGE_DAYS:
        raise BadToken("expired", member_id)
    return member_id, comment_id


def is_reply_address(address: str) -> bool:
    local, _at, domain = (address or "").strip().lower().rpartition("@")
    return domain == settings.REPLY_DOMAIN.lower() and local.startswith(
        settings.REPLY_ADDRESS_PREFIX.lower()
    )


def unsubscribe_token(*, member_id: int, kind: str = "", key: str = "") -> str:
    """Turns off one kind of notice, or (with ``key``) one followed thing."""
    return signing.dumps({"m": member_id, "k": kind, "f": key}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> dict:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise BadToken("tampered") from None
    if not isinstance(data, dict) or not isinstance(data.get("m"), int):
        raise BadToken("tampered")
    return {"member_id": data["m"], "kind": data.get("k", ""), "key": data.get("f", "")}
