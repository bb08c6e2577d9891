"""Blog posts in the site search (registered with ``core.sitesearch`` when the app
is ready)."""

from django.utils.translation import gettext_lazy as _

from core import sitesearch
from core.prepared import Prepared
from core.search import among_ids
from core.sitesearch import (
    Kind,
    Result,
    register,
    shown_address,
    shown_date,
    snippets_of,
    text_of,
    total_of,
    with_total,
)

from .models import Post

POST_FIELDS = ("pk", "title", "slug", "language", "published_at", "relevance")


_POSTS = Prepared(
    lambda q, limit, candidates: with_total(
        Post.objects.published()
        .matching(q)
        .ranked(q, candidates=candidates, snippet=False)
        .values(*POST_FIELDS)
    )[:limit]
)


def _posts(q: str, limit: int):
    posts = _POSTS(q, limit, sitesearch.CANDIDATES)
    label = str(_("Blog post"))  # translated once, not per row
    return [
        Result(
            kind="post",
            label=label,
            title=post["title"],
            url=shown_address("blog:detail", post["slug"]),
            snippet="",
            meta=shown_date(post["published_at"]) if post["published_at"] else "",
            rank=float(post["relevance"] or 0),
            language=post["language"],
            pk=post["pk"],
        )
        for post in posts
    ], total_of(posts)


def register_search_kinds() -> None:
    register(
        Kind(
            "post",
            _("Blog posts"),
            _posts,
            snippets=snippets_of(
                lambda q, ids: Post.objects.filter(among_ids(ids)).with_snippet(q)
            ),
            words=(
                (
                    Post,
                    lambda: Post.objects.published().annotate(
                        text=text_of("title", "summary")
                    ),
                ),
            ),
        )
    )
