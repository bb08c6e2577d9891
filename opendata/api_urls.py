from django.urls import path

from . import api, views

app_name = "api"

urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api.schema, name="openapi"),
    path("docs/", views.api_docs, name="docs"),
    path("<slug:name>/", api.resource_list, name="list"),
    path("<slug:name>/<slug:slug>/", api.resource_detail, name="detail"),
]
