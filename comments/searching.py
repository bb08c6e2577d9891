"""Public comments in the site search, "in the discussion of" what they answer
(registered with ``core.sitesearch`` when the app is ready)."""

from collections.abc import Callable
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from cases.models import CaseStory
from core import sitesearch
from core.prepared import Prepared
from core.search import among_ids, ids_text
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
    "pk",
    "content_type",
    "object_id",
    "language",
    "relevance",
    "author__profile__display_name",
)


def _found(q: str, limit: int, candidates: int):
    return with_total(
        _public_only(
            Comment.objects.matching(q)
            .ranked(q, candidates=candidates, snippet=False)
            .visible()
            .values(*FOUND_FIELDS)
        )
    )[:limit]


_FOUND = Prepared(_found)


@cache
def _discussions_of(model: type[Model]) -> Prepared:
    """The public rows of ``model`` among some ids, with what their address
    needs: a prepared query (a generic prefetch built and compiled one queryset
    for each kind of discussion at every search)."""
    public = {
        queryset().model: queryset for queryset in (*DISCUSSIONS, *REGISTERED.values())
    }.get(model, model._base_manager.all)
    return Prepared(lambda ids: public().filter(among_ids(ids)))


def _discussions(comments) -> dict[tuple[int, int], Model]:
    """The public discussion of each of ``comments`` (those whose discussion is
    public), by content type and id: one query for each kind."""
    wanted: dict[int, list[int]] = {}
    for comment in comments:
        wanted.setdefault(comment["content_type"], []).append(comment["object_id"])
    found = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        for discussion in _discussions_of(model)(ids_text(ids)):
            found[content_type_id, discussion.pk] = discussion
    return found


def _comments(q: str, limit: int):
    comments = _FOUND(q, limit, sitesearch.CANDIDATES)
    discussions = _discussions(comments)
    # Translated once, not per row.
    label = str(_("Comment"))
    title = str(_("In the discussion of “%(title)s”"))
    return [
        _comment_result(comment, discussion, label, title)
        for comment in comments
        if (
            discussion := discussions.get(
                (comment["content_type"], comment["object_id"])
            )
        )
    ], total_of(comments)


def _comment_result(comment: dict, discussion, label: str, title: str) -> Result:
    return Result(
        kind="comment",
        label=label,
        title=title % {"title": discussion.title},
        url=f"{discussion.get_absolute_url()}#comment-{comment['pk']}",
        snippet="",
        # The author's name (none once the account is gone).
        meta=comment["author__profile__display_name"] or "",
        rank=float(comment["relevance"] or 0),
        language=comment["language"],
        pk=comment["pk"],
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
            beside=True,
        )
    )
