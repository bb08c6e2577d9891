from django.urls import path

from kshub.placeholder import placeholder

app_name = "blog"

urlpatterns = [
    path("", placeholder, name="list"),
    path("feed/", placeholder, name="feed"),
    path("<slug:slug>/", placeholder, name="detail"),
]
