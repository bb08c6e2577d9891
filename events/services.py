"""Write layer for events: registrations, the waiting list, opening and closing."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core import notices
from core.audit import record
from core.permissions import require_moderator
from members.access import require_participant

from .files import extract_text
from .models import Document, Event, Registration
from .tasks import send_promotion_mail, send_registration_mail


def _locked(event: Event) -> Event:
    """The event row, locked until the transaction ends: one sign-up at a time."""
    return Event.objects.select_for_update().get(pk=event.pk)


def _ensure_open(event: Event) -> None:
    if event.has_ended:
        raise ValidationError(_("This event is over."), code="ended")
    if not event.registration_open:
        raise ValidationError(
            _("Registration for this event is closed."), code="closed"
        )
    if (
        event.registration_closes_at is not None
        and event.registration_closes_at <= timezone.now()
    ):
        raise ValidationError(
            _("Registration for this event closed on %(date)s.")
            % {
                "date": formats.date_format(
                    timezone.localtime(event.registration_closes_at, event.zone),
                    "DATETIME_FORMAT",
                )
            },
            code="closed",
        )


def _free_places(event: Event) -> int | None:
    """Places left (None: unlimited). Call with the event row locked."""
    if event.capacity is None:
        return None
    taken = Registration.objects.filter(event=event).registered().count()
    return max(event.capacity - taken, 0)


def _fill_free_places(event: Event) -> list[Registration]:
    """Move the first of the waiting list into the free places and tell them."""
    free = _free_places(event)
    queue = Registration.objects.filter(event=event).queue()
    promoted = list(queue if free is None else queue[:free])
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        transaction.on_commit(
            partial(send_promotion_mail.enqueue, registration_id=registration.pk)
        )
    return promoted


@transaction.atomic
def register_for_event(*, event: Event, member) -> Registration:
    """Register a member, or put them on the waiting list when the event is full.

    Registering again while registered or waiting changes nothing; after a
    cancellation the member may register again, at the end of the queue.
    """
    require_participant(member)
    event = _locked(event)
    registration = Registration.objects.filter(event=event, member=member).first()
    if registration is not None and registration.status != (
        Registration.Status.CANCELLED
    ):
        return registration
    _ensure_open(event)
    _fill_free_places(event)
    free = _free_places(event)
    status = (
        Registration.Status.REGISTERED
        if free is None or free > 0
        else Registration.Status.WAITLISTED
    )
    if registration is None:
        registration = Registration(event=event, member=member)
    registration.status = status
    registration.created_at = timezone.now()
    registration.save()
    transaction.on_commit(
        partial(send_registration_mail.enqueue, registration_id=registration.pk)
    )
    transaction.on_commit(
        partial(notices.announce, notices.REGISTERED, member=member, event=event),
        robust=True,
    )
    return registration


@transaction.atomic
def cancel_registration(*, event: Event, member) -> Registration | None:
    """Give up a place or leave the waiting list; a freed place goes to the first
    member waiting. Cancelling when not registered changes nothing."""
    event = _locked(event)
    registration = (
        Registration.objects.filter(event=event, member=member).active().first()
    )
    if registration is None:
        return None
    if event.has_ended:
        raise ValidationError(_("This event is over."), code="ended")
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    _fill_free_places(event)
    return registration


def _set_registration_open(event: Event, moderator, *, is_open: bool, reason: str):
    require_moderator(moderator, event)
    event = _locked(event)
    if is_open and event.has_ended:
        raise ValidationError(_("This event is over."), code="ended")
    if event.registration_open != is_open:
        event.registration_open = is_open
        event.save(update_fields=["registration_open"])
        action = "open_registration" if is_open else "close_registration"
        record(actor=moderator, action=f"event.{action}", target=event, reason=reason)
    return event


@transaction.atomic
def close_registration(*, event: Event, moderator, reason: str = "") -> Event:
    """Stop new sign-ups; who is registered or waiting stays so."""
    return _set_registration_open(event, moderator, is_open=False, reason=reason)


@transaction.atomic
def open_registration(*, event: Event, moderator, reason: str = "") -> Event:
    return _set_registration_open(event, moderator, is_open=True, reason=reason)


@transaction.atomic
def update_document(
    *,
    document: Document,
    moderator,
    title: str,
    kind: str,
    date,
    text: str,
    text_is_summary: bool,
) -> Document:
    """A moderator corrects a document's title, kind, date or text."""
    require_moderator(moderator, document)
    document.title = title
    document.kind = kind
    document.date = date
    document.text = text
    document.text_is_summary = text_is_summary
    document.full_clean()
    document.save()
    record(actor=moderator, action="document.edit", target=document)
    return document


def fill_document_file_details(*, document: Document, content_type: str) -> None:
    """Type and size of a newly attached file, and its text when the document has
    none yet (a moderator's text is never overwritten). Not saved here: the caller
    saves the document with the file."""
    document.content_type = content_type
    document.size = document.file.size
    if not document.text.strip():
        document.text = extract_text(document.file, content_type)
        document.text_is_summary = False
