from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/export/", views.me_export, name="export"),
    path("me/delete/", views.me_delete, name="delete"),
    path("members/", views.directory, name="directory"),
    path("members/<str:username>/", views.member_profile, name="profile"),
    path("institutions/", views.institution_list, name="institutions"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution"),
]
