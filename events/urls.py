from django.urls import path

from kshub.placeholder import placeholder

app_name = "events"

urlpatterns = [
    path("", placeholder, name="list"),
    path("<slug:slug>/", placeholder, name="detail"),
    path("<slug:slug>/register/", placeholder, name="register"),
    path("<slug:slug>/calendar.ics", placeholder, name="calendar"),
    path("<slug:event_slug>/sessions/<slug:slug>/", placeholder, name="session"),
]
