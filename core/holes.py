"""Renderings shared by many readers, with "holes" for what is each request's own.

A part of a page that reads the same for every reader in one situation (the site
header for a signed-in member of one language; the answer form under a request for
members who may answer it) is rendered once, with a hole in place of each value
that belongs to the request: the CSRF token of its forms, the page's own address
(where a form comes back to), the search words. Every request fills the holes
with its own values, escaped as the template would have escaped them, which costs
a few string replacements where rendering cost a template's every node.

Holes are letters, digits and hyphens only: escaping and URL encoding leave them
as they are, so a template may pass them through either.
"""

from types import SimpleNamespace

from django.middleware.csrf import get_token
from django.template.defaultfilters import urlencode
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HOLES = SimpleNamespace(
    q="kshub-hole-q",
    path="kshub-hole-path",
    next="kshub-hole-next",
    csrf="kshub-hole-csrf",
)
# What a shared rendering reads as ``request``: its address is a hole.
STAND_IN_REQUEST = SimpleNamespace(get_full_path=HOLES.path)


def csrf_token(request) -> str:
    """The CSRF token of every form of the request's page: one, where each form
    asking Django for its own would mask the secret anew (as costly as filling
    every other hole)."""
    try:
        return request.page_csrf_token
    except AttributeError:
        request.page_csrf_token = get_token(request)
        return request.page_csrf_token


def csrf_context(request) -> dict:
    """Context processor, after Django's own: ``csrf_token`` is :func:`csrf_token`,
    the one the holes are filled with."""
    return {"csrf_token": SimpleLazyObject(lambda: csrf_token(request))}


def fill(shared: str, request) -> SafeString:
    """``shared`` with the request's own values in its holes."""
    path = request.get_full_path()
    filled = (
        shared.replace(HOLES.q, escape(request.GET.get("q", "")))
        .replace(HOLES.next, escape(urlencode(path)))
        .replace(HOLES.path, escape(path))
    )
    if HOLES.csrf in filled:
        filled = filled.replace(HOLES.csrf, escape(csrf_token(request)))
    return mark_safe(filled)  # noqa: S308 — a template's output, holes escaped
