"""What the desk reads, within the reader's scope (``members.scopes.within``):
site-wide moderators see every queue and the whole audit log; a scoped moderator
what their KS dimension, event or language covers."""

from django.db.models import Q

from blog.models import Post
from cases.corrections import pending_for
from cases.models import CaseStory
from comments.models import Comment
from core.models import AuditEntry
from exchanges.models import KnowledgeOffer, KnowledgeRequest
from members.models import Institution
from members.scopes import within

from .curation import due_total
from .models import BrokenLink, ContactMessage


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
        counts["exchanges"] = listings_waiting()
    return counts


def curation_counts(user) -> dict[str, int]:
    """Curation over time waiting, within the user's scope: content due for
    review, corrections to decide, broken links."""
    return {
        "reviews": due_total(user),
        "corrections": pending_for(user).count(),
        "links": within(BrokenLink.objects.waiting(), user).count(),
    }


def listings_waiting() -> int:
    """Requests and offers held for review or listed with open flags, each once:
    one query for both kinds."""
    waiting = [
        model.objects.filter(
            Q(pk__in=model.objects.awaiting_review().values("pk"))
            | Q(pk__in=model.objects.flagged().values("pk"))
        ).values("pk")
        for model in (KnowledgeRequest, KnowledgeOffer)
    ]
    return waiting[0].union(waiting[1], all=True).count()


def audit_entries(user):
    """The audit log a moderator reads: all of it, or what was done within their
    scopes."""
    entries = AuditEntry.objects.select_related("actor__profile", "target_type")
    if user.is_moderator:
        return entries
    return entries.filter(scope__in=[f"{k}:{v}" for k, v in user.moderation_scopes])
