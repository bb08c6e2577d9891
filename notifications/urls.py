from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("me/notifications/", views.preferences, name="preferences"),
    path("notifications/follow/", views.follow, name="follow"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="unsubscribe",
    ),
    path("mail/inbound/", views.inbound, name="inbound"),
]
