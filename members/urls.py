from django.urls import path

from kshub.placeholder import placeholder

app_name = "members"

urlpatterns = [
    path("me/", placeholder, name="me"),
    path("members/", placeholder, name="directory"),
    path("members/<str:username>/", placeholder, name="profile"),
    path("institutions/", placeholder, name="institutions"),
    path("institutions/<slug:slug>/", placeholder, name="institution"),
]
