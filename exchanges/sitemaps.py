"""Requests and offers still open, and completed exchanges; never a thread."""

from django.contrib.sitemaps import Sitemap

from .models import Exchange, KnowledgeOffer, KnowledgeRequest


class RequestSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return KnowledgeRequest.objects.active().order_by("-created_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class OfferSitemap(RequestSitemap):
    def items(self):
        return KnowledgeOffer.objects.active().order_by("-created_at", "-id")


class ExchangeSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Exchange.objects.completed().order_by("-completed_at", "-id")

    def lastmod(self, item):
        return item.completed_at
