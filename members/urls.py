from django.urls import path

from . import role_views, views

app_name = "members"

urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/export/", views.me_export, name="export"),
    path("me/delete/", views.me_delete, name="delete"),
    path("members/", views.directory, name="directory"),
    path("members/<str:username>/", views.member_profile, name="profile"),
    path("institutions/", views.institution_list, name="institutions"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution"),
    path(
        "institutions/<slug:slug>/edit/",
        role_views.institution_edit,
        name="institution-edit",
    ),
    path(
        "institutions/<slug:slug>/members/",
        role_views.institution_members,
        name="institution-members",
    ),
    path(
        "institutions/<slug:slug>/members/<int:pk>/<slug:action>/",
        role_views.member_action,
        name="institution-member-action",
    ),
]
