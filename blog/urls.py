from django.urls import path

from taxonomy.translations import translation_request_view

from . import views
from .feeds import LatestPostsFeed
from .models import Post

app_name = "blog"

urlpatterns = [
    path("", views.post_list, name="list"),
    path("feed/", LatestPostsFeed(), name="feed"),
    path("new/", views.post_create, name="new"),
    path("<slug:slug>/", views.post_detail, name="detail"),
    path("<slug:slug>/edit/", views.post_edit, name="edit"),
    path("<slug:slug>/history/", views.post_history, name="history"),
    path(
        "<slug:slug>/translation/",
        translation_request_view(Post),
        name="ask-translation",
    ),
]
