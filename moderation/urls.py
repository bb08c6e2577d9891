from django.urls import path

from . import curation_views, exchanges, searches, themes, views

app_name = "moderation"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("cases/", views.case_queue, name="cases"),
    path("cases/<int:pk>/<slug:action>/", views.case_action, name="case-action"),
    path("posts/", views.post_queue, name="posts"),
    path("posts/<int:pk>/<slug:action>/", views.post_action, name="post-action"),
    path("institutions/", views.institution_queue, name="institutions"),
    path(
        "institutions/<int:pk>/<slug:action>/",
        views.institution_action,
        name="institution-action",
    ),
    path("comments/", views.comment_queue, name="comments"),
    path(
        "comments/<int:pk>/<slug:action>/",
        views.comment_action,
        name="comment-action",
    ),
    path("exchanges/", exchanges.exchange_queue, name="exchanges"),
    path(
        "exchanges/<slug:kind>/<int:pk>/<slug:action>/",
        exchanges.exchange_action,
        name="exchange-action",
    ),
    path("members/<int:pk>/suspend/", views.suspend_member, name="suspend"),
    path("messages/", views.message_queue, name="messages"),
    path(
        "messages/<int:pk>/handled/",
        views.message_handled,
        name="message-handled",
    ),
    path("audit/", views.audit_log, name="audit"),
    path("reviews/", curation_views.review_queue, name="reviews"),
    path(
        "reviews/<slug:kind>/<int:pk>/<slug:action>/",
        curation_views.review_action,
        name="review-action",
    ),
    path("corrections/", curation_views.correction_queue, name="corrections"),
    path("links/", curation_views.broken_links, name="links"),
    path(
        "links/<int:pk>/dismiss/",
        curation_views.link_dismiss,
        name="link-dismiss",
    ),
    path("searches/", searches.searches, name="searches"),
    path("themes/", themes.theme_list, name="themes"),
    path("themes/<int:pk>/", themes.theme_detail, name="theme"),
    path("themes/<int:pk>/label/", themes.theme_label, name="theme-label"),
    path("themes/<int:pk>/merge/", themes.theme_merge, name="theme-merge"),
    path("translations/", themes.translations, name="translations"),
    path("translations/link/", themes.translation_link, name="translation-link"),
]
