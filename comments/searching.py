"""Public comments in the site search, "in the discussion of" what they answer
(registered with ``core.sitesearch`` when the app is ready)."""

from collections.abc import Callable

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from cases.models import CaseStory
from core import sitesearch
from core.prepared import Prepared
from core.search import among_ids
from core.sitesearch import (
    Kind,
    Result,
    register,
    snippets_of,
    total_of,
    with_total,
)
from events.models import Event, Session

from .models import Comment

# What a comment's discussion may be: only public content, with what its address
# needs.
DISCUSSIONS = (
    lambda: CaseStory.objects.published().only("title", "slug"),
    lambda: Post.objects.published().only("title", "slug"),
    lambda: Event.objects.only("title", "slug"),
    lambda: Session.objects.select_related("event").only("title", "slug", "event"),
)
# A higher app's commentable content ("app_label.model": its public rows, with what
# their address needs), registered from its AppConfig.ready(): comments on the rest
# (a private space's topics) are never found, nor counted.
REGISTERED: dict[str, Callable[[], QuerySet]] = {}


def register_discussion(label: str, public: Callable[[], QuerySet]) -> None:
    REGISTERED[label.lower()] = public


def _public_only(comments: QuerySet) -> QuerySet:
    for label, public in REGISTERED.items():
        app_label, model = label.split(".")
        comments = comments.exclude(
            Q(content_type__app_label=app_label, content_type__model=model)
            & ~Q(object_id__in=public().values("pk"))
        )
    return comments


# What a found comment's result reads: its discussion, language and author's name.
FOUND_FIELDS = (
    "content_type",
    "object_id",
    "language",
    "created_at",
    "author__profile__display_name",
)


def _found(q: str, limit: int, candidates: int):
    return with_total(
        _public_only(
            Comment.objects.matching(q)
            .ranked(q, candidates=candidates, snippet=False)
            .visible()
            .only(*FOUND_FIELDS)
        ).prefetch_related(
            GenericPrefetch(
                "content_object",
                [
                    *(queryset() for queryset in DISCUSSIONS),
                    *(public() for public in REGISTERED.values()),
                ],
            )
        )
    )[:limit]


_FOUND = Prepared(_found)


def _comments(q: str, limit: int):
    comments = _FOUND(q, limit, sitesearch.CANDIDATES)
    return [
        _comment_result(comment)
        for comment in comments
        if comment.content_object is not None
    ], total_of(comments)


def _comment_result(comment) -> Result:
    author = comment.author
    profile = getattr(author, "profile", None) if author else None
    return Result(
        kind="comment",
        label=_("Comment"),
        title=_("In the discussion of “%(title)s”")
        % {"title": comment.content_object.title},
        url=f"{comment.content_object.get_absolute_url()}#comment-{comment.pk}",
        snippet="",
        meta=profile.display_name if profile else "",
        rank=float(comment.relevance or 0),
        language=comment.language,
        pk=comment.pk,
    )


def register_search_kinds() -> None:
    register(
        Kind(
            "comment",
            _("Comments"),
            _comments,
            snippets=snippets_of(
                lambda q, ids: Comment.objects.filter(among_ids(ids)).with_snippet(q)
            ),
        )
    )
