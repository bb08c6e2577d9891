"""Every public page search engines should know, gathered from each app."""

from django.contrib.sitemaps import Sitemap

from blog.models import Post
from cases.sitemaps import CaseStorySitemap
from discussions.models import Space, Topic
from events.models import Event
from exchanges.sitemaps import ExchangeSitemap, OfferSitemap, RequestSitemap
from members.models import Institution


class PostSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Post.objects.published().order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Event.objects.order_by("-starts_on", "-id")


class InstitutionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Institution.objects.verified().order_by("name", "id")


class SpaceSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Space.objects.open().order_by("position", "id")


class TopicSitemap(Sitemap):
    """Published topics of open spaces only: a private space's never."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return (
            Topic.objects.public()
            .select_related("space")
            .only("slug", "last_activity_at", "space__slug")
            .order_by("-last_activity_at", "-id")
        )

    def lastmod(self, item):
        return item.last_activity_at


SITEMAPS = {
    "cases": CaseStorySitemap,
    "posts": PostSitemap,
    "events": EventSitemap,
    "institutions": InstitutionSitemap,
    "knowledge-requests": RequestSitemap,
    "knowledge-offers": OfferSitemap,
    "exchanges": ExchangeSitemap,
    "spaces": SpaceSitemap,
    "topics": TopicSitemap,
}
