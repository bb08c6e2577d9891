"""``{% comment_thread obj %}``: the discussion under any commentable content."""

from django import template

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, obj):
    comments = Comment.objects.on(obj).public().thread()
    return {
        "object": obj,
        "comments": comments,
        "request": context.get("request"),
        "user": context.get("user"),
    }
