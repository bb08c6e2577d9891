from django.urls import path

from taxonomy.translations import translation_request_view

from . import correction_views, feeds, pack_views, story_page, views
from .models import CaseStory

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("feed/", feeds.CaseStoryFeed(), name="feed"),
    path("feed/tag/<slug:slug>/", feeds.tag_feed, name="tag-feed"),
    path("feed/dimension/<slug:slug>/", feeds.DimensionFeed(), name="dimension-feed"),
    path("new/", views.case_create, name="new"),
    path("pack/", pack_views.case_pack, name="pack"),
    path("<slug:slug>/", story_page.case_detail, name="detail"),
    path("<slug:slug>/edit/", views.case_edit, name="edit"),
    path("<slug:slug>/history/", correction_views.case_history, name="history"),
    path(
        "<slug:slug>/suggest/",
        correction_views.suggest_correction,
        name="suggest",
    ),
    path(
        "<slug:slug>/corrections/<int:pk>/",
        correction_views.correction_detail,
        name="correction",
    ),
    path(
        "<slug:slug>/corrections/<int:pk>/<slug:action>/",
        correction_views.correction_action,
        name="correction-action",
    ),
    path(
        "<slug:slug>/translation/",
        translation_request_view(CaseStory),
        name="ask-translation",
    ),
    path(
        "<slug:slug>/attachments/<str:token>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<slug:slug>/attachments/<str:token>/remove/",
        views.attachment_remove,
        name="attachment-remove",
    ),
]
