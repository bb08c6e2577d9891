"""A member's topics in their data export, and what deleting the account does."""

from .models import Topic


def export(user) -> list[dict]:
    """Only the member's own topics, with the spaces they were written in."""
    return [
        {
            "space": topic.space.slug,
            "title": topic.title,
            "slug": topic.slug,
            "body": topic.body,
            "status": topic.status,
            "tags": sorted(tag.name for tag in topic.tags.all()),
            "created_at": topic.created_at.isoformat(),
        }
        for topic in Topic.objects.filter(author=user)
        .select_related("space")
        .prefetch_related("tags")
        .order_by("created_at", "id")
    ]


def delete(user) -> None:
    """Topics waiting for review go with the member; published ones stay for the
    replies under them, without their author."""
    Topic.objects.filter(author=user).exclude(status=Topic.Status.PUBLISHED).delete()
