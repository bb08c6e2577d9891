"""The comment feeds, under what they follow: /cases/<slug>/comments/feed/ and
/blog/<slug>/comments/feed/ (included at the site's root)."""

from django.urls import path

from .feeds import CommentFeed

urlpatterns = [
    path(
        "cases/<slug:slug>/comments/feed/",
        CommentFeed("cases.casestory"),
        name="case-comments-feed",
    ),
    path(
        "blog/<slug:slug>/comments/feed/",
        CommentFeed("blog.post"),
        name="post-comments-feed",
    ),
]
