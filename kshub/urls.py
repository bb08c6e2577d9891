from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from kshub import views
from kshub.placeholder import placeholder

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", placeholder, name="search"),
    path("contact/", placeholder, name="contact"),
    path(
        "about/", TemplateView.as_view(template_name="kshub/about.html"), name="about"
    ),
    path(
        "terms/", TemplateView.as_view(template_name="kshub/terms.html"), name="terms"
    ),
    path("moderation/", include("kshub.moderation_urls")),
    path("cases/", include("cases.urls")),
    path("events/", include("events.urls")),
    path("blog/", include("blog.urls")),
    path("", include("members.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
