"""Checking external links politely: a timeout on every request, one request at a
time to any host (hosts in parallel, a few at once), a pause between two requests
to one host, a User-Agent that names the portal, HEAD first and GET only where a
server refuses HEAD. Addresses inside private networks are never asked (a member's
link must not make the server probe its own network), unless a setting allows it
for tests against a local server."""

import ipaddress
import re
import socket
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

# http(s) addresses in Markdown or plain text, without the closing punctuation
# that ends a sentence or a Markdown link.
LINK = re.compile(r"https?://[^\s<>\"'\])}]+", re.IGNORECASE)
TRAILING = ".,;:!?*_"
MAX_URL_LENGTH = 2000
HOSTS_AT_ONCE = 4
# Answers that say the page is gone or the server is broken. Others (401, 403,
# 429: the server refuses robots) prove nothing either way.
DEAD_STATUSES = {404, 410} | set(range(500, 600))


@dataclass(frozen=True)
class LinkResult:
    url: str
    dead: bool
    status: int | None = None
    error: str = ""


def extract_links(text: str) -> set[str]:
    """The http(s) addresses in ``text``."""
    links = set()
    for match in LINK.finditer(text or ""):
        url = match.group(0).rstrip(TRAILING)
        if len(url) <= MAX_URL_LENGTH and urlsplit(url).hostname:
            links.add(url)
    return links


def check_links(urls, *, pause: float | None = None) -> list[LinkResult]:
    """Ask every address once; hosts in parallel, each host's addresses in turn."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in sorted(set(urls)):
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    pause = settings.LINK_CHECK_HOST_PAUSE if pause is None else pause
    with ThreadPoolExecutor(max_workers=HOSTS_AT_ONCE) as pool:
        batches = pool.map(lambda host: _check_host(by_host[host], pause), by_host)
        return [result for batch in batches for result in batch]


def _check_host(urls: list[str], pause: float) -> list[LinkResult]:
    results = []
    for index, url in enumerate(urls):
        if index and pause:
            time.sleep(pause)
        results.append(check_link(url))
    return results


def check_link(url: str) -> LinkResult:
    """One address: HEAD, then GET when the server does not answer HEAD."""
    if not _allowed(url):
        return LinkResult(url, dead=False, error="not checked: private address")
    status, error = _ask(url, "HEAD")
    if status is None or status in {405, 501} | DEAD_STATUSES:
        # Some servers answer HEAD wrongly: GET decides (the body is not read).
        status, error = _ask(url, "GET")
    if status is None:
        return LinkResult(url, dead=True, error=error)
    return LinkResult(url, dead=status in DEAD_STATUSES, status=status)


def _ask(url: str, method: str) -> tuple[int | None, str]:
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        url, method=method, headers={"User-Agent": settings.LINK_CHECK_USER_AGENT}
    )
    try:
        with OPENER.open(request, timeout=settings.LINK_CHECK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, str(reason)[:200] or type(error).__name__


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address that may be asked."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not _allowed(newurl):
            raise urllib.error.URLError("redirected to a private address")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


OPENER = urllib.request.build_opener(_CheckedRedirects)


def _allowed(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if settings.LINK_CHECK_ALLOW_PRIVATE:
        return True
    try:
        addresses = socket.getaddrinfo(parts.hostname, parts.port or 443)
    except (OSError, UnicodeError):
        return True  # an unknown host: the request fails and says so
    return not any(_private(info[4][0]) for info in addresses)


def _private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global
