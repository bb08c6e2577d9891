"""Writes: following, preferences, unsubscribing, and telling members of things."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import audit
from events.models import Event, Registration
from members.access import require_participant
from members.mail import language_of

from . import mail
from .followable import describe
from .models import Follow, Frequency, Kind, Notice, Preference
from .querysets import frequency_for, pending_notices


@transaction.atomic
def follow(*, member, key: str, automatic: bool = False) -> Follow:
    """Follow what ``key`` names; following twice changes nothing."""
    if not automatic:
        require_participant(member)
    described = describe(key)
    if described is None:
        raise ValidationError(_("This cannot be followed."), code="not_followable")
    title, path = described
    item, created = Follow.objects.get_or_create(
        member=member,
        key=key,
        defaults={"title": title[:300], "path": path[:300], "automatic": automatic},
    )
    if created and not automatic:
        audit.record(actor=member, action="follow", target=item)
    return item


@transaction.atomic
def unfollow(*, member, key: str) -> bool:
    item = Follow.objects.filter(member=member, key=key).first()
    if item is None:
        return False
    audit.record(actor=member, action="unfollow", target=item)
    item.delete()
    return True


@transaction.atomic
def set_preferences(*, member, choices: dict[str, str]) -> None:
    """Keep the member's frequency for each kind given."""
    for kind, frequency in choices.items():
        Kind(kind), Frequency(frequency)  # unknown values raise ValueError
        Preference.objects.update_or_create(
            member=member, kind=kind, defaults={"frequency": frequency}
        )
    if choices:
        audit.record(
            actor=member,
            action="notification preferences",
            target=member,
            reason=", ".join(f"{k}={v}" for k, v in sorted(choices.items())),
        )


@transaction.atomic
def unsubscribe(*, member, kind: str = "", key: str = "") -> list[str]:
    """What a link in a mail turns off: followed things, else kinds of notice.
    Returns what was turned off (kinds or the followed key)."""
    if key:
        unfollow(member=member, key=key)
        return [key]
    kinds = [k for k in kind.split(",") if k in Kind.values]
    set_preferences(member=member, choices=dict.fromkeys(kinds, Frequency.OFF))
    return kinds


def notify(
    *,
    member,
    kind: str,
    event: str,
    title: str,
    path: str,
    excerpt: str = "",
    group_key: str = "",
    group_title: str = "",
    reply_comment_id: int | None = None,
) -> Notice | None:
    """Tell ``member`` once of ``event``: at once, or kept for their digest, or not
    at all, as they chose for ``kind``."""
    frequency = frequency_for(member, kind)
    if frequency == Frequency.OFF or not member.email:
        return None
    try:
        with transaction.atomic():
            notice = Notice.objects.create(
                member=member,
                kind=kind,
                event=event,
                frequency=frequency,
                title=title[:300],
                excerpt=excerpt,
                path=path[:300],
                group_key=group_key,
                group_title=group_title[:300],
            )
    except IntegrityError:  # told already: a retried task
        return None
    if frequency == Frequency.INSTANT:
        mail.send_notice(member, notice, reply_comment_id=reply_comment_id)
        Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    return notice


def send_digests(*, frequency: str) -> int:
    """Mail every member their waiting notices of ``frequency``; how many mails.
    Each member's notices are marked sent in the transaction that queues the mail."""
    member_ids = (
        pending_notices(frequency).values_list("member_id", flat=True).distinct()
    )
    sent = 0
    for member_id in list(member_ids):
        with transaction.atomic():
            notices = list(
                pending_notices(frequency)
                .filter(member_id=member_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("member__profile")
            )
            if not notices:
                continue
            member = notices[0].member
            if member.is_active and member.suspended_at is None and member.email:
                mail.send_digest(member, notices, frequency=frequency)
                sent += 1
            Notice.objects.filter(pk__in=[n.pk for n in notices]).update(
                sent_at=timezone.now()
            )
    return sent


def send_event_reminders(*, today: datetime.date | None = None) -> int:
    """Remind those registered for an event that starts tomorrow, once each."""
    today = today or timezone.localdate()
    events = Event.objects.filter(starts_on=today + datetime.timedelta(days=1))
    told = 0
    for event in events:
        registrations = Registration.objects.filter(
            event=event, status=Registration.Status.REGISTERED
        ).select_related("member__profile")
        for registration in registrations:
            member = registration.member
            if not member.is_active or member.suspended_at is not None:
                continue
            with translation.override(language_of(member)):
                title = _("Tomorrow: %(event)s") % {"event": event.title}
            told += bool(
                notify(
                    member=member,
                    kind=Kind.REMINDERS,
                    event=f"reminder:{event.pk}",
                    title=title,
                    excerpt=event.summary,
                    path=event.get_absolute_url(),
                )
            )
    return told
