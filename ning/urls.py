"""Old Ning paths, with or without their trailing slash (and Ning's query strings,
which are ignored). ``events/<slug>`` without a slash: the events app answers
every path of its own with one."""

from django.urls import re_path

from . import views

app_name = "ning"

_NAME = r"(?P<name>[^/]+)"

urlpatterns = [
    re_path(rf"^profiles/blogs/{_NAME}/?$", views.old_address, name="blog"),
    re_path(rf"^forum/topics/{_NAME}/?$", views.old_address, name="topic"),
    re_path(rf"^events/{_NAME}$", views.old_address, name="event"),
    re_path(rf"^profile/{_NAME}/?$", views.old_address, name="profile"),
    re_path(rf"^group/{_NAME}/?$", views.old_address, name="group"),
    re_path(r"^xn/detail/(?P<ning_id>[^/]+)/?$", views.old_address, name="detail"),
]
