"""The review that case stories and posts share: a member submits, a moderator
publishes, sends back with a reason, features or archives.

The rules are one; each kind of content brings its own words, says from which
states it may be sent back, and how its author hears of it (see ``WORKFLOW`` in
``cases.services`` and ``blog.services``). Every decision waits for any other on
the same row, so two moderators acting at once see each other's, and is recorded
in the audit log.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from . import audit, notices
from .curation import schedule_review
from .models import ReviewStatus
from .permissions import require_moderator

# What a decision reads and writes on the reviewed row.
REVIEW_FIELDS = (
    "status",
    "published_at",
    "featured",
    "rejection_reason",
    "review_by",
)


@dataclass(frozen=True)
class Workflow:
    already_published: str
    already_archived: str
    only_published_featured: str
    reason_required: str
    rejectable: Collection[str]
    not_rejectable: str
    # Called once the rejection is committed, when the item has an author.
    notify_rejection: Callable[[models.Model, str], None]
    # Set for a kind whose drafts must be submitted before they are published.
    draft_not_publishable: str = ""

    @transaction.atomic
    def publish(self, item, *, moderator):
        """Make ``item`` public: lists, feeds, search and the sitemap show it."""
        require_moderator(moderator, item)
        _lock(item)
        if item.status == ReviewStatus.PUBLISHED:
            raise ValidationError(self.already_published)
        if self.draft_not_publishable and item.status == ReviewStatus.DRAFT:
            raise ValidationError(self.draft_not_publishable)
        item.status = ReviewStatus.PUBLISHED
        item.published_at = item.published_at or timezone.now()
        item.rejection_reason = ""
        schedule_review(item)
        item.save(
            update_fields=[
                "status",
                "published_at",
                "rejection_reason",
                "review_by",
                "updated_at",
            ]
        )
        audit.record(actor=moderator, action="publish", target=item)
        transaction.on_commit(
            partial(notices.announce, notices.PUBLISHED, item=item), robust=True
        )
        return item

    @transaction.atomic
    def reject(self, item, *, moderator, reason: str):
        """Send ``item`` back to its author with the reason."""
        require_moderator(moderator, item)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": self.reason_required})
        _lock(item)
        if item.status not in self.rejectable:
            raise ValidationError(self.not_rejectable)
        item.status = ReviewStatus.REJECTED
        item.rejection_reason = reason
        item.featured = False
        item.save(
            update_fields=["status", "rejection_reason", "featured", "updated_at"]
        )
        audit.record(actor=moderator, action="reject", target=item, reason=reason)
        if item.author_id:
            transaction.on_commit(
                partial(self.notify_rejection, item, reason), robust=True
            )
        return item

    @transaction.atomic
    def feature(self, item, *, moderator, featured: bool = True):
        """Show a published ``item`` on the home page, or stop showing it."""
        require_moderator(moderator, item)
        _lock(item)
        if featured and item.status != ReviewStatus.PUBLISHED:
            raise ValidationError(self.only_published_featured)
        item.featured = featured
        item.save(update_fields=["featured", "updated_at"])
        audit.record(
            actor=moderator, action="feature" if featured else "unfeature", target=item
        )
        return item

    @transaction.atomic
    def archive(self, item, *, moderator):
        """Withdraw ``item`` from public lists; its author and moderators still see
        it."""
        require_moderator(moderator, item)
        _lock(item)
        if item.status == ReviewStatus.ARCHIVED:
            raise ValidationError(self.already_archived)
        item.status = ReviewStatus.ARCHIVED
        item.featured = False
        item.save(update_fields=["status", "featured", "updated_at"])
        audit.record(actor=moderator, action="archive", target=item)
        return item


def _lock(item) -> None:
    """Lock the row until the transaction ends and read its state as committed."""
    rows = type(item)._default_manager.select_for_update()
    list(rows.filter(pk=item.pk).values_list("pk"))
    item.refresh_from_db(fields=REVIEW_FIELDS)
