"""Atom feed of new open knowledge requests: what they ask, never who to contact."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import KnowledgeRequest

FEED_SIZE = 30


class OpenRequestFeed(Feed):
    feed_type = Atom1Feed
    title = _("KS Hub knowledge requests")
    subtitle = _("Institutions asking to learn from others.")

    def link(self):
        return reverse("exchanges:list") + "?kind=request"

    def items(self):
        return (
            KnowledgeRequest.objects.open_to_help()
            .select_related("institution")
            .defer("search_vector", "institution__search_vector")
            .order_by("-created_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.institution.name if item.institution else None
