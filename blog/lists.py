"""The blog list: its posts, pages and filters read the same for every reader of
one address (theme, language, page) and language, so they are rendered once per
content version and kept (``core.pagecache``), in the worker's memory after the
first read; a parameter the page does not read never makes another copy. A
member's request adds only their own unpublished posts."""

from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import get_language

from core.listpages import shared_list_page
from core.pagecache import (
    CONTENT,
    cached,
    list_params,
    render_partials,
)
from core.paginators import CountCachedPaginator
from core.slugs import url_maker
from core.structured_data import address_list, page_data
from taxonomy.filters import clean_slug, theme_named
from taxonomy.querysets import attach_themes

from .cards import post_cards
from .models import Post, Resource

PAGE_SIZE = 10
TEMPLATE = "blog/post_list.html"


def list_filters(request) -> dict:
    """The theme asked for, and a language the site has (others are ignored
    rather than emptying the list)."""
    language = request.GET.get("language", "")
    return {
        "tag": clean_slug(request.GET.get("tag")),
        "language": language if language in dict(settings.LANGUAGES) else "",
    }


visitor_params = list_params(list_filters)


def shared_page(request) -> dict:
    """The page's posts and its filters, rendered, with the theme's name and the
    page's structured data."""
    filters = list_filters(request)
    return shared_list_page(
        request,
        "blog-list",
        filters,
        count=lambda: _posts(filters).count(),
        per_page=PAGE_SIZE,
        render=lambda number, counted: _render(request, filters, number, counted),
        # One version of a translation group is counted, chosen by language.
        count_parts=(get_language(),),
        page_parts=(request.build_absolute_uri("/"),),
    )


def _posts(filters: dict):
    """The published posts of ``filters``, the current first, one version a
    translation group unless a language is chosen."""
    posts = Post.objects.published().for_list().current_first("-published_at", "-id")
    if filters["tag"]:
        posts = posts.with_tag(filters["tag"])
    if filters["language"]:
        posts = posts.filter(language=filters["language"])
    return posts.for_reader(get_language(), chosen=filters["language"])


def _render(request, filters: dict, number: int, counted: tuple) -> dict:
    tag_slug, language = filters["tag"], filters["language"]
    page_obj = CountCachedPaginator(
        _posts(filters), PAGE_SIZE, cache_parts=counted, scopes=(CONTENT,)
    ).get_page(number)
    rows = attach_themes(page_obj.object_list, get_language())
    tag = theme_named(tag_slug)[0]
    tag_filter = {"tag": tag_slug} if tag_slug else {}
    chosen = {"language": language} if language else {}
    context = {
        "tag": tag,
        "page_obj": page_obj,
        "cards": post_cards(rows),
        "query_string": urlencode({**tag_filter, **chosen}),
        "filter_language": language,
        "language_filters": [
            {
                "code": code,
                "name": name,
                "url": "?" + urlencode({**tag_filter, "language": code}),
            }
            for code, name in settings.LANGUAGES
        ],
        "resources": Resource.objects.all(),
    }
    post_url = url_maker("blog:detail")
    return {
        **render_partials(TEMPLATE, context, "posts", "filters"),
        "tag_name": tag.name if tag is not None else "",
        "structured_data": page_data(
            address_list(
                [post_url(post.slug) for post in rows], request.build_absolute_uri
            )
        ),
    }


def unpublished_by(user) -> list:
    """A member's own posts not yet published (the list's aside), read once per
    content version: every change to a post bumps it."""
    if not user.is_authenticated:
        return []
    return cached(
        "blog-unpublished",
        (user.pk,),
        lambda: list(
            Post.objects.by_author(user)
            .exclude(status=Post.Status.PUBLISHED)
            .only("slug", "title", "status")[:10]
        ),
        scopes=(CONTENT,),
    )
