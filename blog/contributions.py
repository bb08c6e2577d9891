"""What a member's posts are on their pages, export and deletion (registered with
``members.contributions`` when the app is ready)."""

from members.contributions import Contribution, iso, register

from . import services
from .models import Post


def _owned(user):
    return Post.objects.filter(author=user).order_by("-updated_at")


def _public(user, limit: int):
    return Post.objects.filter(author=user).published()[:limit]


def _export(user) -> list[dict]:
    return [
        {
            "title": post.title,
            "slug": post.slug,
            "status": post.status,
            "body": post.body,
            "created_at": iso(post.created_at),
            "published_at": iso(post.published_at),
        }
        for post in Post.objects.filter(author=user).order_by("created_at", "id")
    ]


def _erase(user) -> None:
    services.delete_unpublished_posts(author=user)


def register_contributions() -> None:
    register(
        Contribution(
            name="posts", owned=_owned, public=_public, export=_export, erase=_erase
        )
    )
