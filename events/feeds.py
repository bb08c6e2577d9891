"""Atom feed of events: the newest first, as they are announced."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .exports import place_of
from .models import Event

FEED_SIZE = 30


class EventFeed(Feed):
    feed_type = Atom1Feed
    title = _("KS Hub events")
    subtitle = _("High-level meetings, workshops and trainings of the community.")
    link = reverse_lazy("events:list")

    def items(self):
        return Event.objects.order_by("-created_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: Event) -> str:
        place = place_of(item)
        dates = item.starts_on.isoformat()
        if item.ends_on != item.starts_on:
            dates = f"{dates}/{item.ends_on.isoformat()}"
        return f"{item.title} ({', '.join(p for p in (dates, place) if p)})"

    def item_description(self, item: Event) -> str:
        return item.summary

    def item_pubdate(self, item: Event):
        return item.created_at
