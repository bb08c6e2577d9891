"""Curation over time, shared by every kind of ``core.models.CuratedContent``
(case stories, posts, documents): a reviewer finds an item still current (its
next review date moves on) or outdated (a note and what replaces it; the item
stays readable and searchable, ranked after current content). Archiving goes
through each kind's own review workflow (``core.review``).

Every decision is a moderator's of the item (site-wide, or within a scope that
covers it), locks the row, so two reviewers acting at once see each other's, and
is recorded in the audit log."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import ReviewStatus
from .permissions import require_moderator
from .querysets import review_interval

CURATION_FIELDS = (
    "last_reviewed_at",
    "review_by",
    "review_reminded_at",
    "outdated",
    "outdated_note",
    "successor_url",
)
NOTE_MAX_LENGTH = 2000
SUCCESSOR_MAX_LENGTH = 500


def default_review_by(start: datetime.date | datetime.datetime) -> datetime.date:
    """The interval (``settings.CONTENT_REVIEW_INTERVAL_DAYS``) after ``start``."""
    if isinstance(start, datetime.datetime):
        start = timezone.localdate(start)
    return start + review_interval()


def schedule_review(item) -> None:
    """Give a newly published ``item`` its first review date, unless it has one;
    the caller saves ``review_by``."""
    if item.review_by is None:
        start = getattr(item, item.REVIEW_FROM, None) or timezone.now()
        item.review_by = default_review_by(start)


def clean_successor_url(url: str) -> str:
    """A path on this site (``/cases/…``) or an http(s) address; anything else
    (``javascript:``, ``//host``, spaces, control characters) is refused."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > SUCCESSOR_MAX_LENGTH:
        raise ValidationError(
            _("The address is too long: at most %(count)d characters.")
            % {"count": SUCCESSOR_MAX_LENGTH}
        )
    if url.startswith("/") and not url.startswith("//") and url.isprintable():
        if not any(char in url for char in ' \\"<>'):
            return url
    else:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            pass
        else:
            return url
    raise ValidationError(
        _("Give a path on this site (starting with /) or an http(s) address.")
    )


@transaction.atomic
def mark_current(item, *, reviewer, review_by: datetime.date | None = None):
    """The item is still right: reviewed today, due again after the interval (or
    on ``review_by``); an outdated mark is lifted."""
    require_moderator(reviewer, item)
    item = _locked(item)
    today = timezone.localdate()
    if review_by is not None and review_by <= today:
        raise ValidationError(_("The next review date must be in the future."))
    item.last_reviewed_at = today
    item.review_by = review_by or default_review_by(today)
    item.review_reminded_at = None
    item.outdated = False
    item.outdated_note = ""
    item.successor_url = ""
    item.save(update_fields=[*CURATION_FIELDS, *_stamp(item)])
    audit.record(actor=reviewer, action="review-current", target=item)
    return item


@transaction.atomic
def mark_outdated(item, *, reviewer, note: str, successor_url: str = ""):
    """The item is no longer right: readers see ``note`` and a link to what
    replaces it; lists and search rank it after current content."""
    require_moderator(reviewer, item)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Tell readers what is out of date.")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("The note is too long: at most %(count)d characters.")
                % {"count": NOTE_MAX_LENGTH}
            }
        )
    successor_url = clean_successor_url(successor_url)
    item = _locked(item)
    if successor_url and successor_url == item.get_absolute_url():
        raise ValidationError(_("An item cannot replace itself."))
    item.last_reviewed_at = timezone.localdate()
    item.outdated = True
    item.outdated_note = note
    item.successor_url = successor_url
    item.save(update_fields=[*CURATION_FIELDS, *_stamp(item)])
    audit.record(actor=reviewer, action="review-outdated", target=item, reason=note)
    return item


def mark_reminded(queryset, *, on: datetime.date | None = None) -> int:
    """Note that the authors of these items were reminded (one reminder a cycle)."""
    return queryset.model._default_manager.filter(
        pk__in=list(queryset.values_list("pk", flat=True))
    ).update(review_reminded_at=on or timezone.localdate())


def _locked(item):
    """The current row, locked until the transaction ends, once it is public:
    a draft or an archived item is not reviewed."""
    item = type(item)._default_manager.select_for_update(of=("self",)).get(pk=item.pk)
    if getattr(item, "status", ReviewStatus.PUBLISHED) != ReviewStatus.PUBLISHED:
        raise ValidationError(_("Only published content is reviewed."))
    return item


def _stamp(item) -> list[str]:
    return ["updated_at"] if hasattr(item, "updated_at") else []
