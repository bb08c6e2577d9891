"""E-mail in the recipient's language, whoever sets it off.

Every app sends member mail through ``send_to_member``: the subject and body are
rendered from templates inside ``translation.override`` of the member's preferred
language, so a Spanish-speaking member reads Spanish even when an English-speaking
moderator's action sent the message. Mail to the moderators' shared address goes
out in the site's language (``settings.LANGUAGE_CODE``).

No mail is sent inside a request: :func:`queue_message` (which ``send_to_member``,
``send_to_moderators`` and allauth's account mail use) hands the rendered message to
the ``deliver_message`` task, which a worker runs after the transaction commits,
so a mail server that is down or never answers neither fails nor stalls a page.
The task retries with a growing delay, and a message carries one key across its
attempts: its Message-ID, and a mark in the cache once it went out, so a retried
task does not send it twice.
"""

import base64
import datetime
import logging
import smtplib
import uuid
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# Delays before the second, third... attempt: about a day in all.
RETRY_DELAYS = (60, 5 * 60, 30 * 60, 2 * 60 * 60, 6 * 60 * 60, 16 * 60 * 60)
SENT_MARK_SECONDS = 3 * 24 * 60 * 60
MAIL_ERRORS = (smtplib.SMTPException, OSError)
TEXT_AS_HTML = "email/text_as_html.html"
IN_TRANSACTION_BACKENDS = ("django_tasks_db.", "django.tasks.backends.")


def site_url() -> str:
    """What absolute links in e-mails start with (settings.SITE_URL, no slash)."""
    return settings.SITE_URL.rstrip("/")


def language_of(member, default: str | None = None) -> str:
    """The member's preferred language when the site offers it, else ``default``
    (the site's language unless given)."""
    profile = getattr(member, "profile", None)
    language = getattr(profile, "preferred_language", "") or ""
    if language in dict(settings.LANGUAGES):
        return language
    return default or settings.LANGUAGE_CODE


def render_message(
    *,
    language: str,
    subject_template: str,
    body_template: str,
    context: dict,
    to: list[str],
    html_template: str | None = None,
    reply_to: list[str] | None = None,
) -> EmailMultiAlternatives:
    """Render the templates in ``language`` into one message with a one-line,
    prefixed subject."""
    context = {"site_url": site_url(), "site_name": settings.SITE_NAME, **context}
    with translation.override(language):
        subject = render_to_string(subject_template, context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        body = render_to_string(body_template, context)
        # A mail without its own HTML gets its text as HTML: paragraphs kept,
        # addresses made links, everything else escaped (str methods give a plain
        # str, no longer the safe string the template engine returned).
        text = {"subject": subject, "body": body.strip()}
        html = render_to_string(html_template or TEXT_AS_HTML, {**context, **text})
    message = EmailMultiAlternatives(subject, body, None, to, reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    return message


def send_to_member(
    member,
    subject_template: str,
    body_template: str,
    context: dict | None = None,
    *,
    html_template: str | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> bool:
    """Mail one member in their language, with any (filename, content, type)
    attachments; False when they have no address."""
    if member is None or not member.email:
        return False
    message = render_message(
        language=language_of(member),
        subject_template=subject_template,
        body_template=body_template,
        context={"member": member, **(context or {})},
        to=[member.email],
        html_template=html_template,
    )
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    queue_message(message)
    return True


def tell_proposer(institution, decision: str, reason: str = "") -> None:
    """The member who proposed the institution hears the decision once it commits."""
    proposer = institution.proposed_by
    if proposer is None:
        return
    context = {"name": institution.name, "reason": reason, "institution": institution}
    if decision == "approved":
        context["path"] = institution.get_absolute_url()
    transaction.on_commit(
        partial(
            send_to_member,
            proposer,
            f"members/email/institution_{decision}_subject.txt",
            f"members/email/institution_{decision}_body.txt",
            context,
        ),
        robust=True,
    )


def send_to_moderators(
    subject_template: str,
    body_template: str,
    context: dict | None = None,
    *,
    reply_to: list[str] | None = None,
) -> bool:
    """Mail the moderators' shared address in the site's language."""
    if not settings.MODERATORS_EMAIL:
        return False
    message = render_message(
        language=settings.LANGUAGE_CODE,
        subject_template=subject_template,
        body_template=body_template,
        context=context or {},
        to=[settings.MODERATORS_EMAIL],
        reply_to=reply_to,
    )
    queue_message(message)
    return True


def queue_message(message: EmailMessage) -> None:
    """Send ``message`` from a background task once the current transaction commits;
    a rolled-back request sends nothing.

    The database queue (production's) stores the task in this very transaction, so
    it commits or rolls back with the data it tells about and a worker sends it
    after the commit; the in-process backends of development and tests run it at
    once, recording a failure instead of raising it; any other queue (RQ) gets it
    from an on-commit hook."""
    data = _as_data(message)
    backend = type(deliver_message.get_backend()).__module__
    if backend.startswith(IN_TRANSACTION_BACKENDS):
        deliver_message.enqueue(data)
    else:
        transaction.on_commit(lambda: deliver_message.enqueue(data), robust=True)


@task
def deliver_message(message: dict, attempt: int = 1) -> None:
    """Send one queued message; when the mail server fails, try again later."""
    sent_mark = f"mail:sent:{message['key']}"
    if _already_sent(sent_mark):
        return
    try:
        _from_data(message).send()
    except MAIL_ERRORS as error:
        if (
            attempt > len(RETRY_DELAYS)
            or not deliver_message.get_backend().supports_defer
        ):
            raise
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning(
            "Mail to %s failed (attempt %d, %s); retrying in %d s",
            ", ".join(message["to"]),
            attempt,
            error,
            delay,
        )
        deliver_message.using(
            run_after=timezone.now() + datetime.timedelta(seconds=delay)
        ).enqueue(message, attempt + 1)
        return
    try:
        cache.set(sent_mark, True, SENT_MARK_SECONDS)
    except Exception:  # the mail went; a missing mark only risks a rare repeat
        logger.warning("Could not mark mail %s as sent", message["key"])


def _already_sent(mark: str) -> bool:
    try:
        return bool(cache.get(mark))
    except Exception:  # without the cache, sending twice beats not sending
        return False


def _as_data(message: EmailMessage) -> dict:
    """What the task needs to rebuild ``message``, as JSON."""
    key = uuid.uuid4().hex
    headers = {
        "Message-ID": make_msgid(idstring=key, domain=str(DNS_NAME)),
        **message.extra_headers,
    }
    return {
        "key": key,
        "subject": str(message.subject),
        "body": str(message.body),
        "content_subtype": message.content_subtype,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {name: str(value) for name, value in headers.items()},
        "alternatives": [
            [str(content), mimetype]
            for content, mimetype in getattr(message, "alternatives", ())
        ],
        "attachments": [
            [filename, base64.b64encode(_as_bytes(content)).decode(), mimetype]
            for filename, content, mimetype in message.attachments
        ],
    }


def _as_bytes(content) -> bytes:
    return content.encode() if isinstance(content, str) else bytes(content)


def _from_data(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        data["subject"],
        data["body"],
        data["from_email"],
        data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    message.content_subtype = data["content_subtype"]
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data.get("attachments", ()):
        message.attach(filename, base64.b64decode(content), mimetype)
    return message
