from django.urls import path

from kshub.placeholder import placeholder

app_name = "cases"

urlpatterns = [
    path("", placeholder, name="list"),
    path("feed/", placeholder, name="feed"),
    path("new/", placeholder, name="new"),
    path("<slug:slug>/", placeholder, name="detail"),
    path("<slug:slug>/edit/", placeholder, name="edit"),
]
