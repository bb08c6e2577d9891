"""The ``tag`` filter of the lists: the theme it names in the reader's language,
or a permanent redirect when the address names it by an old slug (one of its
tags, or a theme merged into it), so every old theme address keeps working."""

from functools import wraps

from django.http import HttpResponsePermanentRedirect
from django.utils.translation import get_language
from taggit.models import Tag

from .models import Theme

SLUG_MAX_LENGTH = 100


def clean_slug(value) -> str:
    # NUL is not for SQL; longer values name no theme.
    return str(value or "").replace("\x00", "").strip()[:SLUG_MAX_LENGTH]


def theme_named(slug: str):
    """``(theme, canonical)``; the theme labelled in the reader's language."""
    if not slug:
        return None, False
    theme, canonical = Theme.objects.labelled(get_language()).named(slug)
    if theme is None:
        # A tag that names no theme yet stands for a theme of its own.
        tag = Tag.objects.filter(slug=slug, theme_link__isnull=True).first()
        if tag is not None:
            theme, canonical = Theme(slug=tag.slug), True
            theme.name = tag.name
    return theme, canonical


def canonical_redirect(request, slug: str, *, param: str = "tag"):
    """A 301 to this address with the theme's own slug, when ``slug`` is an old
    name of a theme; else ``None``."""
    theme, canonical = theme_named(slug)
    if theme is None or canonical:
        return None
    query = request.GET.copy()
    query[param] = theme.slug
    return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")


def redirect_old_theme_slugs(view):
    """A list view whose ``?tag=`` names a theme by an old slug answers 301 to
    the same list under the theme's own slug."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        moved = canonical_redirect(request, clean_slug(request.GET.get("tag")))
        return moved or view(request, *args, **kwargs)

    return wrapper
