"""Replies by mail: a message to a signed Reply-To address becomes a comment.

``receive(raw)`` takes one RFC 5322 message, as ``manage.py receive_mail`` (a mail
server's pipe) or the signed webhook hands it over, and never raises on what the
message holds. Auto-replies and loops are dropped silently; a reply that cannot
become a comment gets a short answer saying why, in the member's language. The
comment goes through ``comments.services.post_comment`` like one from the site:
the same permissions, rate limit, flags and moderation.
"""

import email
import html
import logging
import re
import uuid
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from mailparser_reply import EmailReplyParser

from comments.models import Comment
from comments.services import post_comment
from comments.targets import can_read
from members.mail import language_of, queue_message, render_message

from . import tokens
from .models import InboundMail

logger = logging.getLogger(__name__)

AUTO_SUBJECT = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response)|out of (the )?office|autoreply|"
    r"respuesta autom[aá]tica|fuera de la oficina|r[ée]ponse automatique|"
    r"absence)\b",
    re.IGNORECASE,
)
ADDRESS_HEADERS = ("Delivered-To", "X-Original-To", "To", "Cc", "Envelope-To")
# What the reply parser leaves: a signature, or a quote header it did not know.
SIGNATURE = re.compile(r"^(-- ?|__+|Sent from my .*|Enviado desde .*|Envoyé de .*)$")
QUOTE_HEADER = re.compile(r".*(wrote|escribió|a écrit)\s*:\s*$", re.IGNORECASE)


def is_automatic(message: EmailMessage) -> bool:
    """RFC 3834 and the habits of mail programs that answer by themselves."""
    if message.get("Auto-Submitted", "no").strip().lower() != "no":
        return True
    if message.get("Precedence", "").strip().lower() in ("bulk", "junk", "list"):
        return True
    if any(h in message for h in ("X-Autoreply", "X-Autorespond", "List-Id")):
        return True
    if str(message.get("Return-Path", "")).strip() == "<>":
        return True  # a bounce
    sender = parseaddr(str(message.get("From", "")))[1].lower()
    ours = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()
    if sender == ours or tokens.is_reply_address(sender):
        return True  # our own mail, come back: a loop
    return bool(AUTO_SUBJECT.match(str(message.get("Subject", ""))))


def reply_address_in(message: EmailMessage) -> str:
    for header in ADDRESS_HEADERS:
        for _name, address in getaddresses(message.get_all(header, [])):
            if tokens.is_reply_address(address):
                return address
    return ""


def plain_text(message: EmailMessage) -> str:
    """The text the member wrote, attachments left out."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = re.sub(r"(?is)<blockquote.*</blockquote>", "", text)  # the quote
        text = strip_tags(re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", text))
        text = html.unescape(text)
    return text


def reply_text(text: str) -> str:
    """The new words only: no quoted original, no signature."""
    text = text.replace("\r\n", "\n")
    reply = EmailReplyParser(languages=["en", "es", "fr"]).parse_reply(text) or ""
    kept = []
    lines = reply.split("\n")
    for index, line in enumerate(lines):
        upcoming = next((n for n in lines[index + 1 :] if n.strip()), "")
        if SIGNATURE.match(line.rstrip("\n")) or line.startswith(">"):
            break
        if QUOTE_HEADER.match(line) and (not upcoming or upcoming.startswith(">")):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def receive(raw: bytes) -> str:
    """Handle one inbound message; returns what became of it."""
    try:
        message = email.message_from_bytes(raw, policy=policy.default)
    except Exception:  # an unreadable message is dropped, never a crash
        logger.warning("Unreadable inbound message", exc_info=True)
        return "unreadable"
    try:
        if is_automatic(message):
            return "automatic"
        key = str(message.get("Message-ID", "")).strip()[:300] or uuid.uuid4().hex
        try:
            with transaction.atomic():
                InboundMail.objects.create(message_id=key, outcome="received")
        except IntegrityError:
            return "duplicate"
        outcome = _handle(message, key)
        InboundMail.objects.filter(message_id=key).update(outcome=outcome)
        return outcome
    except Exception:  # a bug must not make the mail server bounce and retry
        logger.exception("Inbound message failed")
        return "failed"


def _handle(message: EmailMessage, key: str) -> str:
    sender = parseaddr(str(message.get("From", "")))[1]
    address = reply_address_in(message)
    if not address:
        return "not-for-us"
    try:
        member_id, comment_id = tokens.read_reply_address(address)
    except tokens.BadToken as error:
        _answer(sender, _member(error.member_id), code=error.reason)
        return error.reason
    member = _member(member_id)
    parent = Comment.objects.filter(pk=comment_id).first()
    if member is None or parent is None or parent.content_object is None:
        _answer(sender, member, code="unknown")
        return "unknown"
    if sender.lower() != (member.email or "").lower():
        _answer(sender, member, code="sender")
        return "sender"
    body = reply_text(plain_text(message))
    return _post(member, parent, body, key, sender)


def _post(member, parent, body: str, key: str, sender: str) -> str:
    target = parent.content_object
    with translation.override(language_of(member)):
        try:
            if not can_read(target, member):
                raise PermissionDenied(_("This discussion is not open to you."))
            post_comment(
                author=member,
                target=target,
                parent=parent,
                body=body,
                submission_key=uuid.uuid5(uuid.NAMESPACE_URL, key),
            )
        except (ValidationError, PermissionDenied) as error:
            text = (
                " ".join(error.messages)
                if isinstance(error, ValidationError)
                else str(error) or _("You may not post here.")
            )
            _answer(sender, member, text=text)
            return "refused"
    return "posted"


def _reason(code: str) -> str:
    """Why a reply was not posted (translated where it is called)."""
    return {
        "expired": _(
            "The address you replied to has expired. Please answer on the site."
        ),
        "tampered": _("The address you replied to is not valid."),
        "sender": _("Replies are accepted only from the address your account uses."),
    }.get(code, _("The address you replied to is not known."))


def _member(member_id):
    if member_id is None:
        return None
    users = get_user_model().objects.select_related("profile")
    return users.filter(pk=member_id).first()


def _answer(sender: str, member, *, code: str = "", text: str = "") -> None:
    """A short answer to the sender, in the member's language when we know who
    they are; never to an address of ours."""
    if not sender or tokens.is_reply_address(sender):
        return
    language = language_of(member) if member is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        text = text or _reason(code)
    message = render_message(
        language=language,
        subject_template="notifications/email/refused_subject.txt",
        body_template="notifications/email/refused.txt",
        context={"reason": text},
        to=[sender],
    )
    message.extra_headers["Auto-Submitted"] = "auto-replied"
    queue_message(message)
