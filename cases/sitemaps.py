"""Published case stories for search engines; kshub.sitemaps gathers every app's."""

from django.contrib.sitemaps import Sitemap

from .models import CaseStory


class CaseStorySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return CaseStory.objects.published().order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at
