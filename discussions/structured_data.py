"""schema.org node of a topic in an open space: a DiscussionForumPosting."""

from collections.abc import Callable

from django.utils.translation import get_language

from core.structured_data import node
from members.structured_data import author
from taxonomy.querysets import theme_names

from .models import Topic


def topic(topic: Topic, absolute: Callable[[str], str]) -> dict:
    """Called only for a public topic (published, in an open space)."""
    return node(
        "DiscussionForumPosting",
        headline=topic.title,
        url=absolute(topic.get_absolute_url()),
        inLanguage=topic.language,
        datePublished=topic.created_at,
        commentCount=topic.reply_count,
        keywords=theme_names(topic, get_language()),
        author=author(topic.author),
    )
