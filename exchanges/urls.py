from django.urls import path

from . import conversations, feeds, flagging, posting, views

app_name = "exchanges"

urlpatterns = [
    path("", views.exchange_list, name="list"),
    path("feed/", feeds.OpenRequestFeed(), name="feed"),
    path("requests/new/", posting.request_create, name="request-create"),
    path("requests/<slug:slug>/", views.request_detail, name="request"),
    path("requests/<slug:slug>/edit/", posting.request_edit, name="request-edit"),
    path("requests/<slug:slug>/help/", views.request_help, name="request-help"),
    path("requests/<slug:slug>/flag/", flagging.request_flag, name="request-flag"),
    path(
        "requests/<slug:slug>/close/", conversations.request_close, name="request-close"
    ),
    path(
        "requests/<slug:slug>/introduce/",
        conversations.request_introduce,
        name="request-introduce",
    ),
    path("offers/new/", posting.offer_create, name="offer-new"),
    path("offers/<slug:slug>/", views.offer_detail, name="offer"),
    path("offers/<slug:slug>/edit/", posting.offer_edit, name="offer-edit"),
    path("offers/<slug:slug>/ask/", views.offer_ask, name="offer-ask"),
    path("offers/<slug:slug>/flag/", flagging.offer_flag, name="offer-flag"),
    path("offers/<slug:slug>/status/", conversations.offer_status, name="offer-status"),
    path("threads/", conversations.thread_list, name="threads"),
    path("threads/<int:pk>/", conversations.thread_detail, name="thread"),
    path("threads/<int:pk>/agree/", conversations.thread_agree, name="thread-agree"),
    path("exchanges/<slug:slug>/", conversations.exchange_detail, name="exchange"),
    path(
        "exchanges/<slug:slug>/status/",
        conversations.exchange_status,
        name="exchange-status",
    ),
    path(
        "exchanges/<slug:slug>/results/",
        conversations.exchange_results,
        name="exchange-results",
    ),
    path(
        "exchanges/<slug:slug>/story/",
        conversations.exchange_story,
        name="exchange-story",
    ),
]
