"""Atom feeds of the comments under one published thing (a case story, a post):
the newest first, visible comments only."""

from django.apps import apps
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import targets
from .models import Comment

FEED_SIZE = 30


class CommentFeed(Feed):
    """The comments on the object of ``label`` named by its slug in the URL."""

    feed_type = Atom1Feed

    def __init__(self, label: str):
        super().__init__()
        self.label = label

    def get_object(self, request, slug):
        model = apps.get_model(self.label)
        target = model._default_manager.filter(slug=slug).first()
        # Only what anyone may read and comment on: a published story or post.
        if (
            target is None
            or not targets.is_commentable(target)
            or not targets.can_read(target, None)
        ):
            raise Http404("Nothing to follow here.")
        return target

    def title(self, obj):
        return _("Comments on “%(title)s”") % {"title": obj.title}

    def link(self, obj):
        return obj.get_absolute_url() + "#comments"

    def items(self, obj):
        comments = list(
            Comment.objects.on(obj)
            .visible()
            .select_related("author__profile")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )
        page = obj.get_absolute_url()
        for comment in comments:
            comment.link = f"{page}#comment-{comment.pk}"
        return comments

    def item_title(self, item: Comment) -> str:
        return _("Comment by %(name)s") % {"name": self.item_author_name(item)}

    def item_description(self, item: Comment) -> str:
        return item.body

    def item_link(self, item: Comment) -> str:
        return item.link

    def item_author_name(self, item: Comment) -> str:
        profile = getattr(item.author, "profile", None) if item.author else None
        return profile.display_name if profile else _("former member")

    def item_pubdate(self, item: Comment):
        return item.created_at

    def item_updateddate(self, item: Comment):
        return item.edited_at or item.created_at
