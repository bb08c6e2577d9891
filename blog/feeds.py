"""Atom feed of published posts."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.text import render_markdown

from .models import Post

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    feed_type = Atom1Feed
    title = _("KS Hub blog")
    subtitle = _("News, insights and reports from events of the KS Hub community.")
    link = reverse_lazy("blog:list")

    def items(self):
        return Post.objects.published().for_list()[:FEED_LENGTH]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return render_markdown(item.body)

    def item_author_name(self, item: Post) -> str | None:
        profile = getattr(item.author, "profile", None)
        return profile.display_name if profile else None

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return item.updated_at

    def item_categories(self, item: Post) -> list[str]:
        return [tag.name for tag in item.tags.all()]
