from django.urls import path

from . import document_views

app_name = "documents"

urlpatterns = [
    path("<slug:slug>/", document_views.document_detail, name="detail"),
    path("<slug:slug>/edit/", document_views.document_edit, name="edit"),
]
