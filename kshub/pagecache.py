"""Shared pages and costly reads kept in the cache, under one content version.

Every cache key made here includes the *content version*, a value that changes on
every write to content shown on shared pages (a story published, a comment posted
or hidden, a registration...): ``kshub.signals`` bumps it, so a page or a facet count
cached before a write is simply never read again, and no one sees stale moderation
state. The version is the time of the last write; for a few seconds after it nothing
is stored, since a reader may not see the write before its transaction commits. A
leaf module: any app may import it.

- :func:`cached` keeps the result of a costly read (facet counts, totals) per version.
- :func:`cache_for_visitors` keeps whole pages for signed-out visitors, per version,
  language and full path. The CSRF token of the cached copy is swapped for the
  visitor's own on the way out, so the forms of the header keep working.
"""

import hashlib
import re
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.functional import cached_property
from django.utils.translation import get_language

VERSION_KEY = "kshub:content-version"
TIMEOUT = 60 * 60
PAGE_TIMEOUT = 10 * 60
# Longer than any write transaction of the services takes to commit.
SETTLE_SECONDS = 3
# From this many rows skipped on, CountCachedPaginator fetches a page in two steps.
DEFERRED_JOIN_FROM = 1000
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_TOKEN_MARK = b"\x00csrf\x00"


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        # add(): two first readers at once agree on one version.
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def _new_version() -> str:
    return format(time.time_ns(), "x")


def bump_content_version(**kwargs) -> None:
    cache.set(VERSION_KEY, _new_version(), timeout=None)


def _settled(version: str) -> bool:
    """Whether the last write is old enough to have committed: until then, what a
    reader sees may predate it, so nothing is stored under the new version."""
    return time.time_ns() - int(version, 16) > SETTLE_SECONDS * 1_000_000_000


def versioned_key(name: str, *parts) -> tuple[str, bool]:
    """The key of ``name`` and ``parts`` now, and whether it may be stored."""
    version = content_version()
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f"kshub:{name}:{version}:{digest}", _settled(version)


def cached(name: str, parts, compute: Callable, timeout: int = TIMEOUT):
    """``compute()``, kept under ``name`` and ``parts`` until the content changes."""
    key, storable = versioned_key(name, *parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        if storable:
            cache.set(key, value, timeout)
    return value


class CountCachedPaginator(Paginator):
    """A paginator whose total is counted once per content version: deep pages
    and every page after the first cost no COUNT."""

    def __init__(self, object_list, per_page, *, cache_parts, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cache_parts = cache_parts

    @cached_property
    def count(self) -> int:
        return cached("count", self.cache_parts, lambda: Paginator.count.func(self))

    def page(self, number):
        """Deep pages by a deferred join: the page's ids first, skipping the rows
        before it through an index (no wide rows read and thrown away), then
        those rows. Early pages keep the single query."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEFERRED_JOIN_FROM or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(
            self.object_list.prefetch_related(None).values_list("pk", flat=True)[
                bottom:top
            ]
        )
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def _is_visitor_read(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    # A message waiting for this visitor belongs on their own copy only.
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    session = getattr(request, "session", None)
    return not (
        session is not None
        and settings.SESSION_COOKIE_NAME in request.COOKIES
        and SessionStorage.session_key in session
    )


def cache_for_visitors(view):
    """Serve a signed-out visitor's GET from the cache until the content changes."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _is_visitor_read(request):
            return view(request, *args, **kwargs)
        key, storable = versioned_key("page", get_language(), request.get_full_path())
        entry = cache.get(key)
        if entry is not None:
            content, content_type = entry
            response = HttpResponse(content, content_type=content_type)
            response.content = content.replace(_TOKEN_MARK, get_token(request).encode())
            response.headers["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            storable
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not getattr(response, "kshub_private", False)
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            content = _TOKEN.sub(rb"\1" + _TOKEN_MARK + rb"\2", response.content)
            cache.set(key, (content, response["Content-Type"]), PAGE_TIMEOUT)
        return response

    return wrapper
