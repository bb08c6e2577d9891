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

A whole page can be shared so (:func:`render_shared`): its template, the base
template's head, header and footer with it, is rendered once per language and
kind of reader, and each request puts its own values (the list it shows, the
search words) in their holes, in one pass over the shared copy. A page that reads
more, the same for many readers (a space's header, what the reader may do in it),
is shared by the readers of each :class:`Situation`, under the content version.
"""

import functools
import re
from types import SimpleNamespace
from typing import NamedTuple

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.pagecache import CONTENT, content_version

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
    """``shared`` with the request's own values in its holes; left as it is for
    :data:`STAND_IN_REQUEST` (a part of a shared page, filled with the page)."""
    if request is STAND_IN_REQUEST:
        return mark_safe(shared)  # noqa: S308 — a template's output
    parts = _split(shared, vars(HOLES).values())
    return _joined(parts, _request_values(request, HOLES.csrf in parts))


def reader_kind(user) -> SimpleNamespace:
    """What a shared rendering may know of its reader: whether they are signed
    in, moderate site-wide, or moderate anything (within a scope too), not who
    they are."""
    return SimpleNamespace(
        is_authenticated=user.is_authenticated,
        is_moderator=bool(getattr(user, "is_moderator", False)),
        moderates_something=bool(getattr(user, "moderates_something", False)),
    )


class Situation(NamedTuple):
    """What a shared page reads besides its reader's kind and language, the same
    for every reader it is shared with (a space, and what they may do in it), and
    ``key``, which tells one situation from another: every value the page reads
    from ``context`` must follow from it and the content version."""

    context: dict
    key: tuple


def render_shared(
    request, template_name: str, own: dict, situation: Situation | None = None
) -> HttpResponse:
    """``template_name`` rendered with ``own``, the only values it may read
    besides the kind of reader (:func:`reader_kind`), the language and the
    ``situation``: from a copy shared by every reader of that kind, language and
    situation, with a hole for each of ``own`` (escaped as the template would,
    unless safe) and the site header's. A reader with a message waiting gets the
    page rendered for them alone, where it is shown (and so used up)."""
    situation = situation or Situation({}, ())
    if get_messages(request):
        return render(request, template_name, {**situation.context, **own})
    kind = reader_kind(request.user)
    shown = tuple(sorted(name for name, value in own.items() if value))
    key = (
        f"shared-page:{template_name}:{get_language()}:{kind.is_authenticated}:"
        f"{kind.is_moderator}:{kind.moderates_something}:{','.join(shown)}"
    )
    if situation.key:
        key += f":{content_version((CONTENT,))}:{':'.join(map(str, situation.key))}"
    parts = caches["release"].get(key)
    if parts is None:
        parts = _shared_parts(template_name, kind, own, shown, situation.context)
        caches["release"].set(key, parts, None)
    values = {f"kshub-hole-own-{name}": conditional_escape(own[name]) for name in shown}
    values.update(_request_values(request, HOLES.csrf in parts))
    return HttpResponse(_joined(parts, values))


def _shared_parts(
    template_name: str, kind, own: dict, shown: tuple, context: dict
) -> list[str]:
    """The shared copy, split at its holes: text, hole, text, ... text."""
    marks = {name: f"kshub-hole-own-{name}" for name in shown}
    html = render_to_string(
        template_name,
        {
            **context,
            **dict.fromkeys(own, ""),
            **marks,
            "user": kind,
            "request": STAND_IN_REQUEST,
            "csrf_token": HOLES.csrf,
            "messages": (),
        },
    )
    return _split(html, [*vars(HOLES).values(), *marks.values()])


@functools.lru_cache(maxsize=64)
def _holes_pattern(names: frozenset) -> re.Pattern:
    longest_first = sorted(names, key=len, reverse=True)
    return re.compile(f"({'|'.join(map(re.escape, longest_first))})")


def _split(html: str, names) -> list[str]:
    """``html`` cut at its holes named ``names``: text, hole, text, ... text."""
    return _holes_pattern(frozenset(names)).split(html)


def _joined(parts: list[str], values: dict) -> SafeString:
    """``parts`` (of :func:`_split`) with ``values`` in their holes, in one pass:
    a value put in a hole (a reader's search words, say) is never searched for
    holes itself."""
    return mark_safe(  # noqa: S308 — a template's output, holes escaped
        "".join(values[part] if at % 2 else part for at, part in enumerate(parts))
    )


def _request_values(request, csrf: bool) -> dict:
    """The values of the site header's holes for ``request``, escaped as the
    template escapes them; the CSRF token only for a page with a form."""
    path = request.get_full_path()
    values = {
        HOLES.q: escape(request.GET.get("q", "")),
        HOLES.next: escape(urlencode(path)),
        HOLES.path: escape(path),
    }
    if csrf:
        values[HOLES.csrf] = escape(csrf_token(request))
    return values
