"""Write layer of the moderators' mailbox: messages sent from ``/contact/``."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require_moderator
from core.ratelimit import over_limit
from members.mail import send_to_moderators

from .models import ContactMessage

CONTACT_LIMIT = 5
CONTACT_PERIOD = 60 * 60  # seconds


class ContactRateLimited(ValidationError):
    """Too many messages from one address or account; shown on the form."""


def _check_rate_limit(*, sender, client_ip: str) -> None:
    keys = []
    if client_ip:
        keys.append(f"contact:ip:{client_ip}")
    if sender is not None and sender.is_authenticated:
        keys.append(f"contact:user:{sender.pk}")
    # Count every key (no short-circuit), so each window sees every attempt.
    refused = [
        over_limit(key, limit=CONTACT_LIMIT, period=CONTACT_PERIOD) for key in keys
    ]
    if any(refused):
        raise ContactRateLimited(
            _(
                "You have sent several messages in the last hour. Please wait a "
                "while before writing again."
            ),
            code="rate_limited",
        )


@transaction.atomic
def send_contact_message(
    *, sender, name: str, email: str, subject: str, body: str, client_ip: str = ""
) -> ContactMessage:
    """Store a message to the moderators and mail it to them once it is saved."""
    _check_rate_limit(sender=sender, client_ip=client_ip)
    message = ContactMessage.objects.create(
        sender=sender if sender is not None and sender.is_authenticated else None,
        name=name.strip(),
        email=email.strip(),
        # One line: the subject becomes an e-mail header.
        subject=" ".join(subject.split())[
            : ContactMessage._meta.get_field("subject").max_length
        ],
        body=body.strip(),
    )
    transaction.on_commit(partial(mail_contact_message.enqueue, message_id=message.pk))
    return message


@task
def mail_contact_message(message_id: int) -> None:
    message = ContactMessage.objects.filter(pk=message_id).first()
    if message is None:
        return
    send_to_moderators(
        "moderation/email_contact_subject.txt",
        "moderation/email_contact_body.txt",
        {"message": message},
        reply_to=[message.email],
    )


@transaction.atomic
def mark_message_handled(*, message: ContactMessage, moderator) -> ContactMessage:
    require_moderator(moderator)
    message = ContactMessage.objects.select_for_update().get(pk=message.pk)
    if message.handled_at is None:
        message.handled_at = timezone.now()
        message.save(update_fields=["handled_at"])
        audit.record(actor=moderator, action="handle_message", target=message)
    return message
