from django.urls import path

from kshub import moderation

app_name = "moderation"

urlpatterns = [
    path("", moderation.desk, name="desk"),
    path("cases/", moderation.case_queue, name="cases"),
    path("cases/<int:pk>/<slug:action>/", moderation.case_action, name="case-action"),
    path("posts/", moderation.post_queue, name="posts"),
    path("posts/<int:pk>/<slug:action>/", moderation.post_action, name="post-action"),
    path("institutions/", moderation.institution_queue, name="institutions"),
    path(
        "institutions/<int:pk>/<slug:action>/",
        moderation.institution_action,
        name="institution-action",
    ),
    path("comments/", moderation.comment_queue, name="comments"),
    path(
        "comments/<int:pk>/<slug:action>/",
        moderation.comment_action,
        name="comment-action",
    ),
    path("members/<int:pk>/suspend/", moderation.suspend_member, name="suspend"),
    path("messages/", moderation.message_queue, name="messages"),
    path(
        "messages/<int:pk>/handled/",
        moderation.message_handled,
        name="message-handled",
    ),
    path("audit/", moderation.audit_log, name="audit"),
]
