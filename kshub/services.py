"""Write layer of the site-wide pages: messages to the moderators, and the view
counts of stories and posts (gathered by ``kshub.viewcounts``)."""

import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import require_moderator
from members.mail import send_to_moderators

from . import audit
from .models import ContactMessage, WrittenViewBatch
from .ratelimit import over_limit

CONTACT_LIMIT = 5
CONTACT_PERIOD = 60 * 60  # seconds
# How long a written batch of views is remembered: far longer than one waits for a
# flush.
WRITTEN_BATCHES_KEPT = datetime.timedelta(days=1)


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
        "kshub/email/contact_subject.txt",
        "kshub/email/contact_body.txt",
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


# View counts ------------------------------------------------------------------


def add_views(model, counts: dict[int, int]) -> None:
    """Add ``counts`` (primary key -> views) to the rows of ``model`` in one
    UPDATE, an increment in the database that no concurrent count can lose."""
    model._base_manager.filter(pk__in=counts).update(
        view_count=F("view_count")
        + Case(*(When(pk=pk, then=Value(n)) for pk, n in counts.items()), default=0)
    )


def write_view_batch(batch_id: str, counts_by_model: dict) -> bool:
    """Add a batch of views gathered in Redis to the rows, once: its id is recorded
    in the same transaction, so a batch whose flush was cut short after the commit
    is not written again. Whether it was written now."""
    with transaction.atomic():
        _, new = WrittenViewBatch.objects.get_or_create(id=batch_id)
        if new:
            for model, counts in counts_by_model.items():
                add_views(model, counts)
            WrittenViewBatch.objects.filter(
                written_at__lt=timezone.now() - WRITTEN_BATCHES_KEPT
            ).delete()
    return new
