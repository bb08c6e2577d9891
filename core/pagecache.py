"""Shared pages and costly reads kept in the cache, under content versions.

Every cache key made here includes the versions of the *scopes* it depends on: a
scope's version changes on every write to the content it covers (``kshub.signals``
bumps :data:`CONTENT` on a story published, an event changed, a registration...,
and :data:`DISCUSSION` on a comment posted or hidden), so a page or a count cached
before a write is simply never read again, and no one sees stale moderation state.
A new comment leaves the case list and its facet counts cached.

A version is bumped twice: at the write, and again when its transaction commits.
A reader that stored what it read between the two did so under the intermediate
version, which the second bump retires; a reader that sees the final version began
reading after the commit. A leaf module: any app may import it.

- :func:`cached` keeps the result of a costly read (facet counts, totals) per version.
- ``{% cache %}`` with ``versions`` (:func:`fragment_versions`) keeps the parts of a
  member's page that read the same for everyone.
- :func:`cache_for_visitors` keeps whole pages for signed-out visitors, per version,
  language, path and the page's own parameters in their canonical form
  (:func:`canonical_query`): a parameter the page does not read, or another order
  of the same ones, never makes a new entry. The CSRF token of the cached copy is
  swapped for the visitor's own on the way out, so the forms of the header keep
  working.

The last pages and hot records a process read are also kept in its memory, in
front of the shared cache: under versioned keys they cannot go stale there.
"""

import hashlib
import re
import time
from collections.abc import Callable
from functools import partial, wraps
from urllib.parse import urlencode

from asgiref.local import Local
from django.conf import settings
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import get_language

from core.cache import on_recovery

CONTENT = "content"
DISCUSSION = "discussion"
EVERYTHING = (CONTENT, DISCUSSION)
TIMEOUT = 60 * 60
PAGE_TIMEOUT = 10 * 60
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_TOKEN_MARK = b"\x00csrf\x00"


def _version_key(scope: str) -> str:
    return f"kshub:version:{scope}"


# A request reads the versions once: the parts of one page share that snapshot,
# and its own writes renew it (renew_version). Outside requests (commands, the task
# worker) every read goes to the cache.
_this_request = Local()


def _begin_request(**kwargs) -> None:
    _this_request.versions = {}


def _end_request(**kwargs) -> None:
    _this_request.versions = None


request_started.connect(_begin_request, dispatch_uid="core.pagecache.begin")
request_finished.connect(_end_request, dispatch_uid="core.pagecache.end")


def _renew_all_versions() -> None:
    """After a Redis outage: what was cached before it may predate writes made
    during it (their version bumps reached no shared cache), so none of it is used."""
    for scope in EVERYTHING:
        renew_version(scope)


on_recovery(_renew_all_versions)


def content_version(scopes=EVERYTHING) -> str:
    """The current versions of ``scopes``, as one string."""
    known = getattr(_this_request, "versions", None)
    if known and all(scope in known for scope in scopes):
        # Read already in this request: a list page asks a score of times.
        return ".".join(known[scope] for scope in scopes)
    versions = dict(known or {})
    # In a request, every scope at once: the page's other parts will ask too.
    wanted = scopes if known is None else (*scopes, *EVERYTHING)
    missing = {_version_key(scope): scope for scope in wanted if scope not in versions}
    if missing:
        found = cache.get_many(list(missing))
        for key, scope in missing.items():
            version = found.get(key)
            if version is None:
                version = _new_version()
                # add(): two first readers at once agree on one version.
                if not cache.add(key, version, timeout=None):
                    version = cache.get(key) or version
            versions[scope] = version
        if known is not None:
            known.update(versions)
    return ".".join(versions[scope] for scope in scopes)


def read_with_versions(key: str):
    """The cache's value for ``key``: in a request whose versions are not read
    yet, read with them in one round trip (the request keeps them, as
    :func:`content_version` would have read them a moment later)."""
    known = getattr(_this_request, "versions", None)
    if known is None or known:
        return cache.get(key)
    scopes = {_version_key(scope): scope for scope in EVERYTHING}
    found = cache.get_many([key, *scopes])
    for version_key, scope in scopes.items():
        if version_key in found:
            known[scope] = found[version_key]
    return found.get(key)


def _new_version() -> str:
    return format(time.time_ns(), "x")


def bump_content_version(scope: str = CONTENT) -> None:
    renew_version(scope)
    transaction.on_commit(partial(renew_version, scope))


def renew_version(scope: str) -> None:
    cache.set(_version_key(scope), _new_version(), timeout=None)
    known = getattr(_this_request, "versions", None)
    if known is not None:
        known.pop(scope, None)


def versioned_key(name: str, *parts, scopes=EVERYTHING) -> str:
    """The key of ``name`` and ``parts`` under the current versions of ``scopes``."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f"kshub:{name}:{content_version(scopes)}:{digest}"


# The entries this process read last, in front of the shared cache: their keys
# carry the versions, so an entry here is never stale, only unused. A few hot
# pages and records are what it is for, so it is small and emptied when full.
_in_process: dict = {}
IN_PROCESS_ENTRIES = 64


def _read(key: str, *, in_process: bool):
    value = _in_process.get(key) if in_process else None
    if value is None:
        value = cache.get(key)
        if in_process and value is not None:
            _keep_in_process(key, value)
    return value


def _write(key: str, value, timeout: int, *, in_process: bool) -> None:
    cache.set(key, value, timeout)
    if in_process and value is not None:
        _keep_in_process(key, value)


def _keep_in_process(key: str, value) -> None:
    if len(_in_process) >= IN_PROCESS_ENTRIES:
        _in_process.clear()
    _in_process[key] = value


def cached(name: str, parts, compute: Callable, *, scopes=EVERYTHING, in_process=False):
    """``compute()``, kept under ``name`` and ``parts`` until the content of
    ``scopes`` changes; with ``in_process``, also in this process, for what
    every request of a hot page reads (not to be changed by its reader: the
    next request gets the same object)."""
    key = versioned_key(name, *parts, scopes=scopes)
    value = _read(key, in_process=in_process)
    if value is None:
        value = compute()
        _write(key, value, TIMEOUT, in_process=in_process)
    return value


def cached_many(name: str, parts: dict, compute: Callable, *, scopes=EVERYTHING):
    """:func:`cached` for several values at once, in one cache read: ``parts``
    maps each value's name to its key parts, ``compute(name)`` computes a value
    not found. Returns the values by name."""
    keys = {
        ident: versioned_key(name, *key, scopes=scopes) for ident, key in parts.items()
    }
    found = cache.get_many(list(keys.values()))
    values, new = {}, {}
    for ident, key in keys.items():
        value = found.get(key)
        if value is None:
            value = new[key] = compute(ident)
        values[ident] = value
    if new:
        cache.set_many(new, TIMEOUT)
    return values


def write_with_page(request, key: str, value) -> None:
    """``cache.set(key, value, TIMEOUT)``; while a visitor's page is made to be
    kept (:func:`cache_for_visitors`), written with that page in one round
    trip, under its shorter timeout."""
    written = getattr(request, "kshub_written_with_page", None)
    if written is None:
        cache.set(key, value, TIMEOUT)
    else:
        written[key] = value


def render_partials(template_name: str, context: dict, *names: str) -> dict:
    """The partials ``names`` of ``template_name`` rendered with ``context``: the
    parts of a page that read the same for everyone, kept as one entry."""
    return {
        name: render_to_string(f"{template_name}#{name}", context) for name in names
    }


class FragmentVersions:
    """What template fragments are cached under, read when a fragment asks (once a
    request, see content_version):
    ``{% cache 600 name versions.content ... %}`` for one that shows no comments,
    ``versions.everything`` for one that does."""

    @property
    def content(self) -> str:
        return content_version((CONTENT,))

    @property
    def everything(self) -> str:
        return content_version(EVERYTHING)


def fragment_versions(request) -> dict:
    """Context processor: ``versions`` for ``{% cache %}``."""
    return {"versions": FragmentVersions()}


def _is_visitor_read(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    # A message waiting for this visitor belongs on their own copy only.
    if settings.MESSAGES_COOKIE_NAME in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    return not (
        session is not None
        and settings.SESSION_COOKIE_NAME in request.COOKIES
        and SessionStorage.session_key in session
    )


def canonical_query(request, params) -> str:
    """The query string as the page reads it: ``params`` (names, or a function of
    the request that returns the canonical string itself) in one order, each with
    the value the page reads (the last one given), empty ones left out."""
    if callable(params):
        return params(request)
    return urlencode(
        [(name, request.GET[name]) for name in sorted(params) if request.GET.get(name)]
    )


def page_number(request) -> int:
    """The page number asked for, as a paginator's ``get_page`` reads it: a
    positive whole number, else 1 (a page past the last is its paginator's
    business)."""
    value = request.GET.get("page", "")
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        return 1
    return min(int(value), 10**9)


def shown_page(request, count: Callable[[], int], per_page: int, *, parts, scopes):
    """The number of the page a list shows for ``request``: the one asked for
    (:func:`page_number`), or the last one when it asks past it, so every page
    past the end is one address. The total, ``count()``, is kept as
    ``core.paginators.CountCachedPaginator`` keeps it under ``parts``, in this
    process too."""
    total = cached("count", parts, count, scopes=scopes, in_process=True)
    return min(page_number(request), max(1, -(-total // per_page)))


def list_address(request, filters: dict, page: int | None = None) -> str:
    """A list page's address as the page reads it: the filters that are set
    (valid values only, decided by the page), in one order, and the page number
    (``page``, else :func:`page_number`). What a list page shares between its
    readers is kept under it."""
    chosen = {name: value for name, value in filters.items() if value}
    number = page or page_number(request)
    return urlencode(sorted({**chosen, "page": number}.items()))


def list_params(filters_of: Callable) -> Callable:
    """``params`` of :func:`cache_for_visitors` for a list page whose valid
    filters are ``filters_of(request)``: its :func:`list_address` and the search
    words the header shows."""

    def address(request) -> str:
        shown = canonical_query(request, ("q",))
        return f"{list_address(request, filters_of(request))}&{shown}"

    return address


def cache_for_visitors(view=None, *, scopes=EVERYTHING, params=None):
    """Serve a signed-out visitor's GET from the cache until the content of
    ``scopes`` changes. Use bare, or with ``scopes`` for a page that shows no
    comments. ``params``: the parameters the page reads or shows back (see
    :func:`canonical_query`; the header shows ``q``, the search words, on every
    page); without it, the whole query string is part of the key."""
    if view is None:
        return lambda view: cache_for_visitors(view, scopes=scopes, params=params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_visitor_read(request):
            return view(request, *args, **kwargs)
        address = (
            request.get_full_path()
            if params is None
            else f"{request.path}?{canonical_query(request, params)}"
        )
        key = versioned_key("visitor-page", get_language(), address, scopes=scopes)
        entry = _read(key, in_process=True)
        if entry is not None:
            return _served(request, *entry)
        request.kshub_written_with_page = written = {}
        try:
            response = view(request, *args, **kwargs)
        finally:
            del request.kshub_written_with_page
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(response, "kshub_private", False)
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            content = _TOKEN.sub(rb"\1" + _TOKEN_MARK + rb"\2", response.content)
            entry = (tuple(content.split(_TOKEN_MARK)), response["Content-Type"])
            cache.set_many({**written, key: entry}, PAGE_TIMEOUT)
            _keep_in_process(key, entry)
        elif written:
            cache.set_many(written, TIMEOUT)
        return response

    return wrapper


def _served(request, parts: tuple[bytes, ...], content_type: str) -> HttpResponse:
    """A cached page, kept cut where its CSRF tokens go: joined around the
    visitor's own token, with no pass over the page looking for them, and with
    no token made for a page without a form."""
    token = get_token(request).encode() if len(parts) > 1 else b""
    response = HttpResponse(token.join(parts), content_type=content_type)
    response.headers["X-Cache"] = "hit"
    return response
