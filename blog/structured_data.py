"""schema.org node of a published post: a BlogPosting."""

from collections.abc import Callable

from django.utils.translation import get_language

from core.structured_data import node
from events.structured_data import reference
from members.structured_data import author
from taxonomy.querysets import theme_names

from .models import Post


def post(post: Post, absolute: Callable[[str], str]) -> dict:
    return node(
        "BlogPosting",
        headline=post.title,
        description=post.summary,
        url=absolute(post.get_absolute_url()),
        inLanguage=post.language,
        datePublished=post.published_at,
        dateModified=post.updated_at,
        author=author(post.author),
        keywords=theme_names(post, get_language()),
        about=reference(post.event, absolute) if post.event else None,
    )
