from django.urls import path

from . import feeds, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("feed/", feeds.EventFeed(), name="feed"),
    path("calendar.ics", views.upcoming_calendar, name="upcoming-calendar"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/calendar.ics", views.calendar, name="calendar"),
    path("<slug:slug>/registrants/", views.registrants, name="registrants"),
    path("<slug:slug>/registrants.csv", views.registrants_csv, name="registrants_csv"),
    path(
        "<slug:event_slug>/sessions/<slug:slug>/",
        views.session_detail,
        name="session",
    ),
]
