"""What the desk reads, within the reader's scope (``members.scopes.within``):
site-wide moderators see every queue and the whole audit log; a scoped moderator
what their KS dimension, event or language covers."""

from blog.models import Post
from cases.models import CaseStory
from comments.models import Comment
from core.models import AuditEntry
from members.models import Institution
from members.scopes import within

from .models import ContactMessage


def queue_counts(user) -> dict[str, int]:
    """What waits, within the user's scope; the site-wide queues for the group."""
    counts = {
        "cases": within(CaseStory.objects.submitted(), user).count(),
        "posts": within(Post.objects.submitted(), user).count(),
        "comments": within(Comment.objects.flagged(), user).count(),
    }
    if user.is_moderator:
        counts["institutions"] = Institution.objects.proposed().count()
        counts["messages"] = ContactMessage.objects.filter(
            handled_at__isnull=True
        ).count()
    return counts


def audit_entries(user):
    """The audit log a moderator reads: all of it, or what was done within their
    scopes."""
    entries = AuditEntry.objects.select_related("actor__profile", "target_type")
    if user.is_moderator:
        return entries
    return entries.filter(scope__in=[f"{k}:{v}" for k, v in user.moderation_scopes])
