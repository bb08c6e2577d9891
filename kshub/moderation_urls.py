from django.urls import path

from kshub.placeholder import placeholder

app_name = "moderation"

urlpatterns = [
    path("", placeholder, name="desk"),
]
