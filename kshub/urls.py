from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from kshub import search, views
from kshub.sitemaps import SITEMAPS
from moderation import contact

# The admin signs in through allauth: its rate limits, and no second password form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", search.search_view, name="search"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("contact/", contact.contact, name="contact"),
    path(
        "about/", TemplateView.as_view(template_name="kshub/about.html"), name="about"
    ),
    path(
        "terms/", TemplateView.as_view(template_name="kshub/terms.html"), name="terms"
    ),
    path("moderation/", include("moderation.urls")),
    path("comments/", include("comments.urls")),
    path("", include("comments.feed_urls")),
    path("cases/", include("cases.urls")),
    path("events/", include("events.urls")),
    path("documents/", include("events.document_urls")),
    path("data/", include("opendata.urls")),
    path("api/v1/", include("opendata.api_urls")),
    path("blog/", include("blog.urls")),
    path("exchange/", include("exchanges.urls")),
    path("discussions/", include("discussions.urls")),
    path("", include("assessment.urls")),
    path("", include("impact.urls")),
    path("", include("notifications.urls")),
    path("", include("members.urls")),
    path("", include("ning.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
