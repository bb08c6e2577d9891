"""Atom feeds of published case stories: all of them, per theme, per dimension."""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from taxonomy.filters import clean_slug, theme_named

from .models import CaseStory, Dimension

FEED_SIZE = 30


class CaseStoryFeed(Feed):
    feed_type = Atom1Feed
    title = _("KS Hub case stories")
    subtitle = _("New case stories of knowledge sharing for development.")

    def link(self, obj=None):
        return reverse("cases:list")

    def stories(self, obj):
        return CaseStory.objects.published()

    def items(self, obj=None):
        return (
            self.stories(obj)
            .select_related("lead_institution")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.lead_institution.name if item.lead_institution else None


class TagFeed(CaseStoryFeed):
    """Stories on one theme, whatever language they are tagged in."""

    def get_object(self, request, slug):
        theme, _canonical = theme_named(clean_slug(slug))
        if theme is None:
            raise Http404("No such theme.")
        return theme

    def title(self, obj):
        return _("KS Hub case stories on %(theme)s") % {"theme": obj.name}

    def link(self, obj):
        return reverse("cases:list") + f"?tag={obj.slug}"

    def stories(self, obj):
        return CaseStory.objects.published().filtered(tag=obj.slug)


def tag_feed(request, slug):
    """The feed of a theme; its old slugs answer 301 to the theme's own."""
    theme, canonical = theme_named(clean_slug(slug))
    if theme is not None and not canonical:
        return HttpResponsePermanentRedirect(
            reverse("cases:tag-feed", args=[theme.slug])
        )
    return _TAG_FEED(request, slug=slug)


class DimensionFeed(CaseStoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Dimension, slug=slug)

    def title(self, obj):
        return _("KS Hub case stories: %(dimension)s") % {"dimension": obj}

    def link(self, obj):
        return obj.get_absolute_url()

    def stories(self, obj):
        return CaseStory.objects.published().filtered(dimension=obj.slug)


_TAG_FEED = TagFeed()
