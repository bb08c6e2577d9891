"""Atom feed of a space's new topics. Feed readers never sign in, so a private
space has no feed: its topics reach no one through here."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from core.text import render_markdown

from .models import Space, Topic

FEED_LENGTH = 20


class SpaceFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, space):
        return get_object_or_404(Space.objects.open(), slug=space)

    def title(self, space: Space) -> str:
        return _("KS Hub discussions: %(space)s") % {"space": space}

    def subtitle(self, space: Space) -> str:
        return space.description

    def link(self, space: Space) -> str:
        return space.get_absolute_url()

    def items(self, space: Space):
        return (
            Topic.objects.public()
            .in_space(space)
            .select_related("space", "author__profile")
            .prefetch_related("tags")
            .order_by("-created_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item: Topic) -> str:
        return item.title

    def item_description(self, item: Topic) -> str:
        return render_markdown(item.body)

    def item_author_name(self, item: Topic) -> str | None:
        profile = getattr(item.author, "profile", None)
        return profile.display_name if profile else None

    def item_pubdate(self, item: Topic):
        return item.created_at

    def item_updateddate(self, item: Topic):
        return item.last_activity_at

    def item_categories(self, item: Topic) -> list[str]:
        return [tag.name for tag in item.tags.all()]
