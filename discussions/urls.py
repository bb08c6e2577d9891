from django.urls import path

from . import actions, topic_page, views
from .feeds import SpaceFeed

app_name = "discussions"

urlpatterns = [
    path("", views.topic_list, name="list"),
    path("<slug:space>/", views.space_detail, name="space"),
    path("<slug:space>/new/", views.topic_new, name="new"),
    path("<slug:space>/feed/", SpaceFeed(), name="feed"),
    path("<slug:space>/members/", actions.space_members, name="members"),
    path("<slug:space>/<slug:slug>/", topic_page.topic_detail, name="topic"),
    path("<slug:space>/<slug:slug>/edit/", views.topic_edit, name="edit"),
    path(
        "<slug:space>/<slug:slug>/<slug:action>/",
        actions.topic_action,
        name="action",
    ),
]
