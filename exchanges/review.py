"""Write layer for the review of requests and offers: members flag them, as
comments; moderators approve what was held, hide, restore and settle flags.
Every moderator action leaves an audit entry."""

from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.permissions import require_moderator
from core.ratelimit import MemberLimit
from members.access import require_participant

from . import tasks
from .models import Listing, ListingFlag

FLAG_LIMIT = MemberLimit(
    scope="exchanges:flag", limit=20, new_account_limit=5, period=60 * 60
)


class FlagRateLimited(ValidationError):
    """Too many flags in a short time; the view answers 429 with the message."""


def _locked(item: Listing) -> Listing:
    return type(item).objects.select_for_update().get(pk=item.pk)


def _held(item: Listing, held: bool) -> None:
    item.awaiting_review = held
    item.save(update_fields=["awaiting_review", "updated_at"])


def _open_flags(item: Listing):
    return ListingFlag.objects.filter(**{item.kind: item}, dismissed_at__isnull=True)


@transaction.atomic
def flag_listing(*, item: Listing, member, reason: str, note: str = "") -> ListingFlag:
    """One flag per member and listing; at the comments' threshold of distinct
    members the listing is held until a moderator decides."""
    require_participant(member)
    if reason not in ListingFlag.Reason.values:
        raise ValidationError(_("Choose a reason."), code="bad_reason")
    if item.contact_id == member.pk:
        raise ValidationError(_("You cannot flag what you posted."))
    locked = _locked(item)
    if not locked.is_listed:
        raise ValidationError(_("This is no longer listed."))
    flag, created = ListingFlag.objects.get_or_create(
        **{item.kind: locked},
        member=member,
        defaults={"reason": reason, "note": (note or "").strip()[:500]},
    )
    if not created:
        return flag
    if FLAG_LIMIT.exceeded_by(member):
        raise FlagRateLimited(
            _("You have flagged many items lately. Please try again later."),
            code="rate_limited",
        )
    if _open_flags(locked).count() >= settings.COMMENT_FLAG_THRESHOLD:
        _held(locked, True)
        transaction.on_commit(
            partial(
                tasks.notify_moderators_of_flags.enqueue,
                kind=locked.kind,
                listing_id=locked.pk,
            )
        )
    return flag


@transaction.atomic
def approve_listing(*, item: Listing, moderator) -> Listing:
    """List a held request or offer; its flags, if any, are settled with it. A
    request newly published is announced to the matching offers."""
    require_moderator(moderator)
    locked = _locked(item)
    if locked.hidden or not locked.awaiting_review:
        raise ValidationError(_("This is not waiting for review."))
    _held(locked, False)
    _open_flags(locked).update(dismissed_at=timezone.now())
    audit.record(actor=moderator, action="approve", target=locked)
    if locked.kind == "request":
        transaction.on_commit(partial(tasks.notify_matching_offers.enqueue, locked.pk))
    return locked


@transaction.atomic
def hide_listing(*, item: Listing, moderator, reason: str = "") -> Listing:
    """Take a request or an offer off the lists; its contact still reads it."""
    require_moderator(moderator)
    locked = _locked(item)
    locked.hidden = True
    locked.awaiting_review = False
    locked.save(update_fields=["hidden", "awaiting_review", "updated_at"])
    audit.record(actor=moderator, action="hide", target=locked, reason=reason)
    return locked


@transaction.atomic
def restore_listing(*, item: Listing, moderator) -> Listing:
    require_moderator(moderator)
    locked = _locked(item)
    locked.hidden = False
    locked.awaiting_review = False
    locked.save(update_fields=["hidden", "awaiting_review", "updated_at"])
    _open_flags(locked).update(dismissed_at=timezone.now())
    audit.record(actor=moderator, action="restore", target=locked)
    return locked


@transaction.atomic
def dismiss_listing_flags(*, item: Listing, moderator) -> Listing:
    """The flags were unfounded: settle them, and list again what they held."""
    require_moderator(moderator)
    locked = _locked(item)
    dismissed = _open_flags(locked).update(dismissed_at=timezone.now())
    if dismissed and locked.awaiting_review:
        _held(locked, False)
    audit.record(actor=moderator, action="dismiss_flags", target=locked)
    return locked
