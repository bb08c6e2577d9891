"""Measure the portal as its users feel it, beside the fastest the stack can go.

Run with ``make bench`` (or ``python tests/bench/run_bench.py``). It installs wrk
when missing, migrates, generates the load data when absent (``BENCH_SCALE``, 1.0 =
100 000 case stories), serves the site with gunicorn and production settings on a
free port of 127.0.0.1, loads each page with wrk (``BENCH_DURATION`` seconds at 16
connections, then at one connection for the unloaded p99), and prints one table:
throughput, latency, throughput as a share of a hello-world view on the same
server, application CPU per request, SQL queries and bytes per page. A second
table compares servers (gunicorn's sync and threaded workers, granian's WSGI mode)
on the same pages; ``BENCH_SERVERS=0`` skips it. A third loads the hello-world
view and the first-render pages on two app servers behind one Redis at once
(``BENCH_SCALE_OUT=0`` skips it). All are also written to var/bench/latest.md.

Pages are requested as a signed-in member (no page cache; the parts every reader
shares come from the fragment cache), and the popular ones also as a visitor.
Queries and bytes are measured once per page with Django's test client against the
same database, after one warming request.
"""

from __future__ import annotations

import contextlib
import datetime
import html
import http.client
import importlib.util
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.machine import cpu_model, free_port  # noqa: E402

OUTPUT = ROOT / "var" / "bench" / "latest.md"
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
UNLOADED_DURATION = int(
    os.environ.get("BENCH_UNLOADED_DURATION", str(max(3, DURATION // 2)))
)
SCALE = float(os.environ.get("BENCH_SCALE", "1.0"))
CONNECTIONS = 16
WORKERS = 2
POSTING_SESSIONS = 1000
TICKS = os.sysconf("SC_CLK_TCK")
CONFIG = ROOT / "gunicorn.conf.py"

LUA_DONE = r"""
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, ' ..
    '"p99_us": %d, "bad_status": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""

LUA_GET = """
wrk.headers["Cookie"] = {cookie}
"""

# Each request asks the next address of a list no request asked before: thread k
# of n takes addresses k, k + n, k + 2n ...
LUA_FRESH = r"""
local paths = {paths}
local threads = 0
local counter = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
  thread:set("nthreads", {nthreads})
end

request = function()
  local index = (counter * nthreads + tid) % #paths + 1
  counter = counter + 1
  return wrk.format("GET", paths[index])
end
"""

# Each request signs in as the next member and sends a fresh submission key, so
# neither the per-member rate limit nor the duplicate check turns posts away.
LUA_POST = r"""
local sessions = {sessions}
local threads = {{}}
local counter = 0
local tid = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  redirects = 0
  pages = 0
end

request = function()
  counter = counter + 1
  local key = string.format("%08x-{nonce}-4000-8000-%012x", tid, counter)
  local session = sessions[((counter * 7 + tid) % #sessions) + 1]
  local body = string.format({body}, key, counter)
  local headers = {{}}
  headers["Cookie"] = "{session_cookie}=" .. session .. "; {csrf_cookie}={csrf}"
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", "{path}", headers, body)
end

response = function(status, headers, body)
  if status >= 300 and status < 400 then
    redirects = redirects + 1
  else
    pages = pages + 1
  end
end
"""

LUA_POST_DONE = r"""
local base_done = done
done = function(summary, latency, requests)
  local redirects, pages = 0, 0
  for _, thread in ipairs(threads) do
    redirects = redirects + thread:get("redirects")
    pages = pages + thread:get("pages")
  end
  io.write(string.format('BENCH_POST {"redirects": %d, "pages": %d}\n',
                         redirects, pages))
  base_done(summary, latency, requests)
end
"""


@dataclass
class Page:
    name: str
    path: str
    member: bool = True
    post: bool = False
    note: str = ""
    status: int | None = None
    queries: int | None = None
    bytes: int | None = None
    loaded: dict = field(default_factory=dict)
    unloaded: dict = field(default_factory=dict)
    cpu_ms: float | None = None
    problem: str = ""
    target_id: int | None = None
    script: Path | None = None
    # A new address for each request: the loaded run takes the first half, the
    # unloaded run the second; ``path`` is one more, measured for its queries.
    fresh: list[str] = field(default_factory=list)
    # More new addresses, for the run on two app servers behind one Redis.
    spare: list[str] = field(default_factory=list)


# Setup -----------------------------------------------------------------------


def log(message: str) -> None:
    print(message, flush=True)  # noqa: T201


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("wrk is missing; installing the Debian package ...")
    install = ["apt-get", "install", "-y", "-q", "wrk"]
    if subprocess.run(install, check=False).returncode != 0:  # noqa: S603
        subprocess.run(["apt-get", "update", "-q"], check=True)  # noqa: S607
        subprocess.run(install, check=True)  # noqa: S603
    return shutil.which("wrk") or "wrk"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    # No server configured: the embedded one, kept running while this process lives.
    from core.embedded_db import database_settings

    db = database_settings("kshub_bench")
    host = urllib.parse.quote(db["HOST"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}@{host}{port}/{db['NAME']}"


def redis_url() -> str:
    """Redis for the cache and sessions, as the README's deployment has it: the
    one at BENCH_REDIS_URL, else a database of a local server that answers, else
    none (the file cache of a single machine)."""
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    address = urllib.parse.urlparse(url)
    try:
        socket.create_connection((address.hostname, address.port or 6379), 1).close()
    except OSError:
        return ""
    return url


def configure_environment() -> dict:
    env = {
        "REDIS_URL": redis_url(),
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "KSHUB_BENCH": "1",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "false",
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)
    return env


def machine() -> dict:
    return {
        "arch": platform.machine(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# Data --------------------------------------------------------------------------


def prepare_database() -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    from django.core.cache import cache

    cache.clear()  # nothing from an earlier run, or an earlier version of the code
    log("Migrating and collecting static files ...")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # Statistics for what a migration added to reused data, as autovacuum would
    # gather them in production.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from tests.bench import load_data

    info = {"generated_in": None}
    if load_data.generated_data_exists():
        log("Generated data found; reusing it (generate_load_data --reset to renew).")
    else:
        log(f"Generating the load data at scale {SCALE} ...")
        start = time.monotonic()
        call_command("generate_load_data", scale=SCALE)
        info["generated_in"] = time.monotonic() - start
        log(f"Generated in {info['generated_in']:.0f} s.")
    return info


def data_counts() -> dict:
    from blog.models import Post
    from cases.models import CaseStory
    from comments.models import Comment
    from events.models import Event, Session
    from members.models import Institution, User

    return {
        "case stories": CaseStory.objects.count(),
        "published": CaseStory.objects.published().count(),
        "institutions": Institution.objects.count(),
        "members": User.objects.count(),
        "comments": Comment.objects.count(),
        "posts": Post.objects.count(),
        "events": Event.objects.count(),
        "sessions": Session.objects.count(),
    }


def member_sessions(count: int) -> list[str]:
    """Signed-in sessions of members in good standing, stored like a real sign-in."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from members.models import User
    from tests.bench import load_data

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    members = (
        User.objects.filter(
            username__startswith=load_data.PREFIX,
            is_active=True,
            suspended_at__isnull=True,
            emailaddress__verified=True,
        )
        .order_by("pk")
        .distinct()[:count]
    )
    keys = []
    for user in members:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def pages_to_measure() -> list[Page]:
    from cases.models import CaseStory, Dimension
    from tests.bench import load_data

    published = CaseStory.objects.published()
    hot = published.filter(slug__startswith=load_data.HOT_STORY_SLUG_PREFIX).first()
    dimension = Dimension.objects.order_by("position")[3]
    country = (
        published.filter(slug__startswith=load_data.PREFIX)
        .values_list("countries", flat=True)
        .first()
    )
    deep_page = min(2500, max(1, published.count() // 20))
    common, rare = load_data.COMMON_WORD, load_data.RARE_WORD
    pages = [
        Page("hello world (ceiling)", "/bench/hello/"),
        Page("home", "/"),
        Page("home, visitor", "/", member=False),
        Page("case list", "/cases/"),
        Page("case list, visitor", "/cases/", member=False),
        Page(
            "filtered list",
            f"/cases/?dimension={dimension.slug}&country={(country or ['KR'])[0]}",
        ),
        Page(f"case list page {deep_page}", f"/cases/?page={deep_page}"),
        Page(f"case list q={common}", f"/cases/?q={common}"),
        Page(f"search '{common}' (~10 %)", f"/search/?q={common}"),
        Page(f"search '{rare}' (rare)", f"/search/?q={rare}"),
    ]
    pages += fresh_pages(published, dimension)
    if hot:
        pages.append(Page("case story, 200 comments", hot.get_absolute_url()))
        pages.append(
            Page(
                "case story, visitor",
                hot.get_absolute_url(),
                member=False,
            )
        )
    pages.append(
        Page("event, 40 sessions", f"/events/{load_data.PROGRAMME_EVENT_SLUG}/")
    )
    return pages


FRESH_POOL = 20_000
FRESH_SEARCH = "search, a new 1-3 word query each request (1 in 10 a typo)"


def fresh_searches(rng) -> list[str]:
    """Search addresses, each a new query of one to three words of the generated
    vocabulary; one in ten has a word with a letter dropped."""
    from tests.bench.load_data.vocabulary import ENGLISH_WORDS

    words = [w for w in ENGLISH_WORDS[60:] if w.isalpha() and len(w) > 3]
    queries = set()
    while len(queries) < FRESH_POOL + 1:
        chosen = rng.sample(words, rng.randint(1, 3))
        if rng.random() < 0.1:
            word = chosen[0]
            at = rng.randrange(1, len(word))
            chosen[0] = word[:at] + word[at + 1 :]
        queries.add("/search/?q=" + "+".join(chosen))
    searches = sorted(queries)
    rng.shuffle(searches)
    return searches


def fresh_pages(published, dimension) -> list[Page]:
    """Pages whose every request asks an address no request asked before, as
    members exploring produce: the first render of each, beside the warm figures.

    - the case list under a new combination of one to three filters (dimension,
      country, year, language), sort and page: every part of the page not yet
      seen under those filters is computed (the facets of each new combination of
      the other filters, the page's rows, its count), the rest read from the cache;
    - the site search for a new query of one to three words each request, from
      the generated texts' vocabulary (most in thousands of stories), one in ten
      with a typo in a word (a letter dropped; when nothing matches as typed, the
      closest spelling is searched too): the whole search of every kind, first
      render;
    - the case list and the search for 'digital' with a parameter the page does not
      read, new each request (``?r=<n>``): the same cached copy, as such a
      parameter does not make another."""
    import random

    from tests.bench import load_data

    rng = random.Random(29)
    lists = case_list_addresses(rng, published, 3 * FRESH_POOL + 2)
    spare_lists = lists[2 * FRESH_POOL + 2 :]
    searches = fresh_searches(rng)
    common = load_data.COMMON_WORD

    def unread(path: str) -> list[str]:
        joiner = "&" if "?" in path else "?"
        return [f"{path}{joiner}r={n}" for n in range(FRESH_POOL + 1)]

    return [
        Page(
            "case list, a new address each request",
            lists[0],
            fresh=lists[1 : FRESH_POOL + 1],
            spare=spare_lists,
        ),
        Page(
            FRESH_SEARCH,
            searches[0],
            fresh=searches[1:],
        ),
        Page(
            "case list, ?r=<new> each request",
            "/cases/?r=x",
            fresh=unread("/cases/"),
        ),
        Page(
            f"search '{common}', ?r=<new> each request",
            f"/search/?q={common}&r=x",
            fresh=unread(f"/search/?q={common}"),
        ),
        Page(
            "case list, a new address each request, visitor",
            lists[FRESH_POOL + 1],
            member=False,
            fresh=lists[FRESH_POOL + 2 : 2 * FRESH_POOL + 2],
        ),
        *other_lists(rng),
    ]


def other_lists(rng) -> list[Page]:
    """The other list pages, a new address each request, for a member."""
    addresses = other_list_addresses(rng, 3 * FRESH_POOL // 10 + 1)
    return [
        Page(
            f"{name} list, a new address each request",
            paths[0],
            fresh=paths[1 : 2 * FRESH_POOL // 10 + 1],
            spare=paths[2 * FRESH_POOL // 10 + 1 :],
        )
        for name, paths in addresses.items()
    ]


def other_list_addresses(rng, count: int) -> dict[str, list[str]]:
    """``count`` new addresses of each list page other than the case list: a
    page, a filter where the list has one, and a parameter the page does not
    read, new each time (a member is never served a cached page; a visitor's
    copy is keyed by what the page reads)."""
    import itertools

    from django_countries import countries

    codes = [code for code, _name in countries][:60]
    kinds = ["government", "bank", "multilateral", "research", "non_state", ""]
    languages = ["en", "es", "fr", ""]
    serial = itertools.count()

    def many(make) -> list[str]:
        return [make() + f"r={next(serial)}" for _ in range(count)]

    pick = rng.randint
    return {
        "events": many(lambda: f"/events/?page={pick(1, 20)}&"),
        "blog": many(
            lambda: f"/blog/?language={rng.choice(languages)}&page={pick(1, 5)}&"
        ),
        "members": many(
            lambda: f"/members/?country={rng.choice(codes)}&page={pick(1, 3)}&"
        ),
        "institutions": many(
            lambda: f"/institutions/?kind={rng.choice(kinds)}&page={pick(1, 10)}&"
        ),
        "exchange": many(
            lambda: (
                f"/exchange/?kind={rng.choice(['request', 'offer', ''])}"
                f"&page={pick(1, 3)}&"
            )
        ),
        "discussions": many(
            lambda: f"/discussions/?language={rng.choice(languages)}&page={pick(1, 3)}&"
        ),
    }


def case_list_addresses(rng, published, count: int) -> list[str]:
    """``count`` distinct case list addresses in a random order, each one to
    three filters (dimension, country, year, language), a sort and a page."""
    from cases.models import Dimension

    codes = {}
    for row in published.values_list("countries", flat=True)[:2000]:
        for code in row:
            codes[code] = codes.get(code, 0) + 1
    choices = {
        "dimension": list(Dimension.objects.values_list("slug", flat=True)),
        "country": sorted(codes, key=codes.get, reverse=True)[:25] or ["KR"],
        "year": list(range(2005, 2025)),
        "language": ["en", "es", "fr", "pt"],
    }
    sorts = ["", "recent", "popular", "title"]
    addresses = set()
    while len(addresses) < count:
        names = rng.sample(sorted(choices), rng.randint(1, 3))
        params = {name: rng.choice(choices[name]) for name in names}
        sort = rng.choice(sorts)
        if sort:
            params["sort"] = sort
        params["page"] = rng.randint(1, 8)
        addresses.add("/cases/?" + urllib.parse.urlencode(params))
    lists = sorted(addresses)
    rng.shuffle(lists)
    return lists


def measure_with_client(pages: list[Page], session_key: str) -> None:
    """Status, SQL queries and bytes of each page, from a warm second request."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        if page.post:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        if page.member:
            client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        try:
            if not page.fresh:
                client.get(page.path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.path)
        except Exception as error:  # a broken page is reported, not fatal
            page.problem = f"{type(error).__name__}: {error}"[:120]
            page.status = 500
            continue
        page.status = response.status_code
        page.queries = len(queries.captured_queries)
        page.bytes = len(response.content)


# Posting ------------------------------------------------------------------------


def comment_form(page_html: str) -> tuple[str, dict, str] | None:
    """The action, hidden fields and text field of the page's comment form."""
    for match in re.finditer(r"<form\b([^>]*)>(.*?)</form>", page_html, re.S | re.I):
        attributes, inner = match.groups()
        textarea = re.search(r"<textarea\b[^>]*\bname=\"([^\"]+)\"", inner)
        if not textarea or 'method="post"' not in attributes.lower():
            continue
        action = re.search(r"\baction=\"([^\"]*)\"", attributes)
        hidden = {}
        for tag in re.finditer(r"<input\b[^>]*>", inner):
            text = tag.group(0)
            if 'type="hidden"' not in text:
                continue
            name = re.search(r"\bname=\"([^\"]+)\"", text)
            value = re.search(r"\bvalue=\"([^\"]*)\"", text)
            if name:
                hidden[name.group(1)] = html.unescape(value.group(1) if value else "")
        return (html.unescape(action.group(1)) if action else ""), hidden, textarea[1]
    return None


def http_get(port: int, path: str, cookie: str) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    connection.close()
    return response.status, cookies, body


def prepare_posting(port: int, sessions: list[str], workdir: Path) -> Page:
    """A Lua script that posts comments under a published story, as many members."""
    from django.conf import settings

    from cases.models import CaseStory
    from tests.bench import load_data

    page = Page("post a comment, under read load", "", post=True)
    target = (
        CaseStory.objects.published()
        .filter(slug__startswith=load_data.PREFIX)
        .exclude(slug__startswith=load_data.HOT_STORY_SLUG_PREFIX)
        .order_by("-pk")
        .first()
    )
    if target is None:
        page.problem = "no published story to comment on"
        return page
    cookie = f"{settings.SESSION_COOKIE_NAME}={sessions[0]}"
    status, cookies, body = http_get(port, target.get_absolute_url(), cookie)
    form = comment_form(body) if status == 200 else None
    csrf = cookies.get(settings.CSRF_COOKIE_NAME)
    if form is None or csrf is None:
        page.status = status
        page.problem = f"no comment form on {target.get_absolute_url()} (HTTP {status})"
        return page
    action, hidden, text_field = form
    page.path = urllib.parse.urljoin(target.get_absolute_url(), action or "")
    page.target_id = target.pk
    key_field = next(
        (name for name, value in hidden.items() if _looks_like_uuid(value)), None
    )
    parts = []
    for name, value in hidden.items():
        if name == key_field:
            parts.append(f"{urllib.parse.quote(name)}=%s")
        else:
            encoded = urllib.parse.urlencode({name: value}).replace("%", "%%")
            parts.append(encoded)
    parts.append(
        f"{urllib.parse.quote(text_field)}=A+benchmark+comment+number+%d"
        "+about+digital+learning."
    )
    if key_field is None:
        parts.append("bench_key=%s")
    body_format = "&".join(parts)
    script = LUA_POST.format(
        sessions="{" + ", ".join(json.dumps(key) for key in sessions) + "}",
        nonce=secrets.token_hex(2),
        body=json.dumps(body_format),
        session_cookie=settings.SESSION_COOKIE_NAME,
        csrf_cookie=settings.CSRF_COOKIE_NAME,
        csrf=csrf,
        path=page.path,
    )
    path = workdir / "post.lua"
    path.write_text(script + LUA_DONE + LUA_POST_DONE)
    page.script = path
    return page


def _looks_like_uuid(value: str) -> bool:
    return bool(
        re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
            r"[0-9a-f]{12}",
            value,
        )
    )


def measure_posting_queries(page: Page, session_key: str) -> None:
    """Status, queries and bytes of one post through the same form."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cases.models import CaseStory

    if page.target_id is None:
        return
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    story_url = CaseStory.objects.get(pk=page.target_id).get_absolute_url()
    form = comment_form(client.get(story_url).content.decode())
    if form is None:
        return
    _action, data, text_field = form
    data[text_field] = "A benchmark comment measured once for its queries."
    with CaptureQueriesContext(connection) as queries:
        response = client.post(page.path, data)
    page.status = response.status_code
    page.queries = len(queries.captured_queries)
    page.bytes = len(response.content)


def delete_bench_comments(page: Page, since: datetime.datetime) -> int:
    from django.contrib.contenttypes.models import ContentType

    from cases.models import CaseStory
    from comments.models import Comment

    target_id = page.target_id
    if target_id is None:
        return 0
    deleted, _ = Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(CaseStory),
        object_id=target_id,
        created_at__gte=since,
    ).delete()
    return deleted


# Serving and loading ----------------------------------------------------------


def server_command(kind: str, port: int, workdir: Path) -> list[str]:
    """How each candidate server is started: gunicorn as deployed (gunicorn.conf.py),
    its threaded workers, and granian's WSGI mode, each with 2 processes."""
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        *(["-c", str(CONFIG)] if CONFIG.exists() else []),
        "kshub.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--error-logfile",
        str(workdir / "server.log"),
        # Worker recycling would restart workers mid-run and lose their CPU time.
        "--max-requests",
        "0",
        "--log-level",
        "warning",
    ]
    if kind == "gunicorn sync":
        return [*gunicorn, "--worker-class", "sync"]
    if kind == "gunicorn gthread":
        return [*gunicorn, "--worker-class", "gthread", "--threads", "4"]
    if kind == "granian wsgi":
        return [
            *(sys.executable, "-m", "granian", "--interface", "wsgi"),
            *("--workers", str(WORKERS), "--host", "127.0.0.1", "--port", str(port)),
            *("--log-level", "warning", "kshub.wsgi:application"),
        ]
    raise ValueError(kind)


SERVER_KINDS = ("gunicorn sync", "gunicorn gthread", "granian wsgi")


class Server:
    def __init__(
        self, env: dict, port: int, workdir: Path, kind: str = "gunicorn sync"
    ) -> None:
        self.port = port
        self.kind = kind
        self.log_path = workdir / "server.log"
        with self.log_path.open("ab") as log_file:
            self.process = subprocess.Popen(  # noqa: S603
                server_command(kind, port, workdir),
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.kind} exited: {self.log_path.read_text()[-2000:]}"
                )
            try:
                status, _, _ = http_get(self.port, "/bench/hello/", "")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.kind} did not answer in time")

    def wait_idle(self, timeout: float = 120) -> None:
        """Let the workers finish what a run left queued, so the next run starts
        on an idle server."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            start = time.monotonic()
            with contextlib.suppress(OSError):
                http_get(self.port, "/bench/hello/", "")
            if time.monotonic() - start < 0.2:
                return
        log("  (the server stayed busy; the next figures start on a queue)")

    def workers(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def cpu_ticks(self) -> int:
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run_wrk(
    wrk: str,
    url: str,
    script: Path,
    *,
    threads: int,
    connections: int,
    duration: int,
) -> dict:
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=False, timeout=duration + 60
    ).stdout
    result = {}
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            result.update(json.loads(line.removeprefix("BENCH_JSON ")))
        elif line.startswith("BENCH_POST "):
            result.update(json.loads(line.removeprefix("BENCH_POST ")))
    if result.get("duration_us"):
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def get_script(
    workdir: Path, port: int, page: Page, cookie: str, *, part: int = 0
) -> Path:
    """A member comes back to a page they read before, with the cookies it gave
    them (CSRF, the views counted), as a browser does; a visitor is new each time.
    With ``page.fresh``, each request asks the next new address (``part`` 0: the
    first half of them, 1: the second)."""
    path = workdir / f"get-{abs(hash(page.name))}-{part}.lua"
    header = ""
    if page.member:
        _, given, _ = http_get(port, page.path, cookie)
        cookie = "; ".join([cookie, *(f"{k}={v}" for k, v in given.items())])
        header = LUA_GET.format(cookie=json.dumps(cookie))
    if page.fresh:
        half = len(page.fresh) // 2
        chosen = page.fresh[:half] if part == 0 else page.fresh[half:]
        header += LUA_FRESH.format(
            paths="{" + ",".join(json.dumps(p) for p in chosen) + "}",
            nthreads=2 if part == 0 else 1,
        )
    path.write_text(header + LUA_DONE)
    return path


def load_pages(
    wrk: str, server: Server, pages: list[Page], workdir: Path, cookie: str
) -> None:
    base = f"http://127.0.0.1:{server.port}"
    for page in pages:
        if page.post or page.status != 200:
            continue
        script = get_script(workdir, server.port, page, cookie)
        log(f"  {page.name} ...")
        ticks = server.cpu_ticks()
        page.loaded = run_wrk(
            wrk,
            base + page.path,
            script,
            threads=2,
            connections=CONNECTIONS,
            duration=DURATION,
        )
        used = server.cpu_ticks() - ticks
        if page.loaded.get("requests"):
            page.cpu_ms = used * 1000 / TICKS / page.loaded["requests"]
        server.wait_idle()
        if page.fresh:
            script = get_script(workdir, server.port, page, cookie, part=1)
        page.unloaded = run_wrk(
            wrk,
            base + page.path,
            script,
            threads=1,
            connections=1,
            duration=UNLOADED_DURATION,
        )
        server.wait_idle()


def load_posting(
    wrk: str, server: Server, page: Page, reads: Page, workdir: Path, cookie: str
) -> None:
    """Posts at 4 connections while 12 more read the case list."""
    if page.script is None:
        return
    base = f"http://127.0.0.1:{server.port}"
    log(f"  {page.name} ...")
    read_script = get_script(workdir, server.port, reads, cookie)
    reader = subprocess.Popen(  # noqa: S603
        [
            wrk,
            "-t1",
            f"-c{CONNECTIONS - 4}",
            f"-d{DURATION}s",
            "-s",
            str(read_script),
            base + reads.path,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page.loaded = run_wrk(
        wrk, base + page.path, page.script, threads=1, connections=4, duration=DURATION
    )
    reader.wait(timeout=DURATION + 60)
    server.wait_idle()
    page.unloaded = run_wrk(
        wrk,
        base + page.path,
        page.script,
        threads=1,
        connections=1,
        duration=UNLOADED_DURATION,
    )


def scale_out(wrk: str, env: dict, pages: list[Page], workdir: Path, cookie: str):
    """Two app servers (gunicorn sync x 2 each) behind one Redis, as the README's
    scale-out section runs them: the hello-world view and each first-render page
    loaded on both at once (half the connections each, each server its own new
    addresses), their throughputs added up. Returns the rows of the table."""
    if not env.get("REDIS_URL"):
        log("No Redis: the run on two app servers is skipped.")
        return []
    chosen = [p for p in pages if p.path == "/bench/hello/" or (p.spare and p.member)]
    servers = [Server(env, free_port(), workdir) for _ in range(2)]
    rows = []
    try:
        for server in servers:
            server.wait_ready()
            warm_up(server, chosen, cookie)
        for page in chosen:
            log(f"  two servers: {page.name} ...")
            rows.append(_load_both(wrk, servers, page, workdir, cookie))
    finally:
        for server in servers:
            server.stop()
    return rows


WARM_UP_REQUESTS = 8


def warm_up(server: Server, pages: list[Page], cookie: str) -> None:
    """Each page's own address a few times on each worker, as a deployed server has
    served before: what a worker keeps for its life (templates, compiled queries,
    the facet index read from Redis) is then not part of the first renders
    measured. The one-server run gets the same from the pages loaded before."""
    for page in pages:
        for _ in range(WARM_UP_REQUESTS * WORKERS):
            http_get(server.port, page.path, cookie if page.member else "")


def _load_both(wrk, servers, page: Page, workdir: Path, cookie: str) -> dict:
    from concurrent.futures import ThreadPoolExecutor

    spread = Page(page.name, page.path, fresh=page.spare) if page.spare else page
    scripts = [
        get_script(workdir, server.port, spread, cookie, part=part)
        for part, server in enumerate(servers)
    ]
    ticks = sum(server.cpu_ticks() for server in servers)
    with ThreadPoolExecutor(len(servers)) as pool:
        results = list(
            pool.map(
                lambda pair: run_wrk(
                    wrk,
                    f"http://127.0.0.1:{pair[0].port}{page.path}",
                    pair[1],
                    threads=1,
                    connections=CONNECTIONS // 2,
                    duration=DURATION,
                ),
                zip(servers, scripts, strict=True),
            )
        )
    used = sum(server.cpu_ticks() for server in servers) - ticks
    requests = sum(result.get("requests", 0) for result in results)
    for server in servers:
        server.wait_idle()
    return {
        "page": page.name,
        "rps": sum(result.get("rps", 0) for result in results),
        "p99_us": max(result.get("p99_us", 0) for result in results),
        "cpu_ms": used * 1000 / TICKS / requests if requests else None,
    }


def scale_out_table(rows: list[dict]) -> list[str]:
    ceiling = next((r["rps"] for r in rows if r["page"].startswith("hello")), None)
    lines = [
        "| page, on two app servers behind one Redis | req/s | x hello | p99 ms "
        "| CPU ms/req |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        share = f"{row['rps'] / ceiling:.2f}" if ceiling else "-"
        cpu = f"{row['cpu_ms']:.1f}" if row["cpu_ms"] else "-"
        lines.append(
            f"| {row['page']} | {row['rps']:.0f} | {share} | "
            f"{_ms(row['p99_us'])} | {cpu} |"
        )
    return lines


# Report ----------------------------------------------------------------------------


def table(pages: list[Page]) -> list[str]:
    hello = next((p for p in pages if p.path == "/bench/hello/"), None)
    ceiling = hello.loaded.get("rps") if hello else None
    header = (
        "| page | req/s | p50 ms | p99 ms | x hello | p99 ms, 1 conn "
        "| CPU ms/req | SQL | KiB | HTTP |"
    )
    lines = [header, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for page in pages:
        loaded, unloaded = page.loaded, page.unloaded
        status = str(page.status) if page.status else "-"
        if page.problem:
            status += f" ({page.problem})"
        elif loaded.get("bad_status"):
            status += f", {loaded['bad_status']} non-2xx/3xx under load"
        if page.post and loaded:
            status += f", {loaded.get('redirects', 0)} redirects"
            if loaded.get("pages"):
                status += f", {loaded['pages']} pages (form errors?)"
        cells = [
            page.name,
            f"{loaded['rps']:.0f}" if "rps" in loaded else "-",
            _ms(loaded.get("p50_us")),
            _ms(loaded.get("p99_us")),
            f"{loaded['rps'] / ceiling:.2f}" if ceiling and loaded.get("rps") else "-",
            _ms(unloaded.get("p99_us")),
            f"{page.cpu_ms:.1f}" if page.cpu_ms is not None else "-",
            str(page.queries) if page.queries is not None else "-",
            f"{page.bytes / 1024:.1f}" if page.bytes is not None else "-",
            status,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def compare_servers(
    wrk: str, env: dict, pages: list[Page], workdir: Path, cookie: str
) -> list[dict]:
    """The ceiling and two list pages on each candidate server, in turn."""
    chosen = [
        p
        for p in pages
        if p.path in ("/bench/hello/", "/cases/") and not p.post and p.status == 200
    ]
    rows = []
    for kind in SERVER_KINDS:
        if kind.startswith("granian") and importlib.util.find_spec("granian") is None:
            continue
        log(f"  {kind} ...")
        server = Server(env, free_port(), workdir, kind)
        try:
            server.wait_ready()
            for page in chosen:
                script = get_script(workdir, server.port, page, cookie)
                ticks = server.cpu_ticks()
                result = run_wrk(
                    wrk,
                    f"http://127.0.0.1:{server.port}{page.path}",
                    script,
                    threads=2,
                    connections=CONNECTIONS,
                    duration=DURATION,
                )
                used = server.cpu_ticks() - ticks
                if result.get("requests"):
                    result["cpu_ms"] = used * 1000 / TICKS / result["requests"]
                rows.append({"server": kind, "page": page.name, **result})
                server.wait_idle()
        except RuntimeError as error:
            log(f"  {kind} could not be measured: {error}")
        finally:
            server.stop()
    return rows


def server_table(rows: list[dict]) -> list[str]:
    baseline = {
        row["page"]: row.get("rps") for row in rows if row["server"] == SERVER_KINDS[0]
    }
    lines = [
        "| server | page | req/s | p99 ms | CPU ms/req | x gunicorn sync |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        base = baseline.get(row["page"])
        cells = [
            row["server"],
            row["page"],
            f"{row['rps']:.0f}" if row.get("rps") else "-",
            _ms(row.get("p99_us")),
            f"{row['cpu_ms']:.1f}" if row.get("cpu_ms") is not None else "-",
            f"{row['rps'] / base:.2f}" if base and row.get("rps") else "-",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def first_renders(pages: list[Page]) -> list[str]:
    """The budgets of first renders: each new-address page as a share of the
    hello-world view, and the new search against the new list."""
    hello = next((p for p in pages if p.path == "/bench/hello/"), None)
    ceiling = hello.loaded.get("rps") if hello else None
    fresh = {p.name: p.loaded.get("rps") for p in pages if p.fresh}
    if not ceiling or not fresh:
        return []
    lines = [
        "First renders (a new address each request): each request of the run asks "
        "an address no request asked before, from pools made before the run "
        "(`fresh_pages`): case list addresses of one to three filters (dimension, "
        "country, year, language), a sort and a page; two-word searches of the "
        "generated vocabulary; the other lists with a page, a filter and a "
        "parameter they do not read; wrk's script walks each pool in order.",
        "",
    ]
    for page in pages:
        if page.fresh and page.loaded.get("rps"):
            lines.append(
                f"- {page.name}: {page.loaded['rps'] / ceiling:.2f}x hello world, "
                f"p99 {_ms(page.unloaded.get('p99_us'))} ms unloaded, "
                f"{page.cpu_ms or 0:.1f} ms CPU"
            )
    search = fresh.get(FRESH_SEARCH)
    listed = fresh.get("case list, a new address each request")
    if search and listed:
        lines.append(f"- that search against that list: {search / listed:.2f}x")
    return [*lines, ""]


def _ms(microseconds) -> str:
    return f"{microseconds / 1000:.1f}" if microseconds else "-"


def report(pages, info, counts, host, servers, two_servers=()) -> str:
    generated = (
        f"generated in {info['generated_in']:.0f} s"
        if info.get("generated_in") is not None
        else "reused from an earlier run"
    )
    import django

    lines = [
        f"# Benchmark, {host['date']}",
        "",
        f"Machine: `{host['arch']}`, {host['cpu']}, {host['cores']} cores. "
        f"Django {django.get_version()}, Python {platform.python_version()}, "
        f"gunicorn sync x {WORKERS} workers (gunicorn.conf.py, no worker "
        f"recycling), wrk -t2 -c{CONNECTIONS} -d{DURATION}s "
        f"(p99 at 1 connection over {UNLOADED_DURATION} s). Cache and sessions: "
        + ("Redis." if os.environ.get("REDIS_URL") else "files (no Redis found)."),
        "",
        "Data: "
        + ", ".join(f"{value:,} {name}" for name, value in counts.items())
        + f" ({generated}).",
        "",
        *table(pages),
        "",
        "x hello: throughput as a share of the hello-world view on the same server. "
        "CPU ms/req: the gunicorn workers' CPU time per request (PostgreSQL not "
        "included). SQL and KiB: one signed-in request (visitor rows: anonymous) "
        "measured with Django's test client. 0 req/s: no request finished within "
        "the run (each took longer than the run's length at 16 connections). "
        "The posting row runs 4 connections "
        f"posting while {CONNECTIONS - 4} read the case list.",
        "",
    ]
    lines += first_renders(pages)
    if two_servers:
        lines += [
            "Two app servers (gunicorn sync x 2 each) behind one Redis, loaded at "
            f"once ({CONNECTIONS // 2} connections each, each its own new "
            "addresses); x hello against the hello-world view on both at once:",
            "",
            *scale_out_table(two_servers),
            "",
        ]
    lines += info.get("search_sql", [])
    if servers:
        lines += [
            "Server choice: the same pages on each candidate, 2 processes each, "
            f"wrk -t2 -c{CONNECTIONS} -d{DURATION}s.",
            "",
            *server_table(servers),
            "",
        ]
    return "\n".join(lines)


def main() -> int:
    wrk = ensure_wrk()
    env = configure_environment()
    info = prepare_database()
    counts = data_counts()
    host = machine()
    sessions = member_sessions(POSTING_SESSIONS)
    if not sessions:
        log("No generated member can sign in; cannot measure member pages.")
        return 1

    from django.conf import settings
    from django.db import connection

    cookie = f"{settings.SESSION_COOKIE_NAME}={sessions[0]}"
    pages = pages_to_measure()
    log("Measuring queries and bytes per page ...")
    measure_with_client(pages, sessions[0])
    log("Measuring the search's SQL for a broad word ...")
    from tests.bench import load_data, search_sql

    info["search_sql"] = search_sql.report(load_data.COMMON_WORD, "~10 %")
    connection.close()

    with tempfile.TemporaryDirectory(prefix="kshub-bench-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        log(f"Starting gunicorn ({WORKERS} sync workers) on 127.0.0.1:{port} ...")
        server = Server(env, port, workdir)
        started = datetime.datetime.now(datetime.UTC)
        posting = Page("post a comment, under read load", "", post=True)
        try:
            server.wait_ready()
            posting = prepare_posting(port, sessions, workdir)
            log("Loading each page with wrk ...")
            load_pages(wrk, server, pages, workdir, cookie)
            case_list = next(p for p in pages if p.path == "/cases/" and p.member)
            load_posting(wrk, server, posting, case_list, workdir, cookie)
        finally:
            server.stop()
        deleted = delete_bench_comments(posting, started)
        if posting.path:
            measure_posting_queries(posting, sessions[1 % len(sessions)])
            deleted += delete_bench_comments(posting, started)
        if deleted:
            log(f"Removed the {deleted} comments posted by the benchmark.")
        two_servers = []
        if os.environ.get("BENCH_SCALE_OUT", "1") != "0":
            log("Two app servers behind one Redis ...")
            two_servers = scale_out(wrk, env, pages, workdir, cookie)
        servers = []
        if os.environ.get("BENCH_SERVERS", "1") != "0":
            log("Comparing servers ...")
            servers = compare_servers(wrk, env, pages, workdir, cookie)
    pages.append(posting)

    text = report(pages, info, counts, host, servers, two_servers)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    log("")
    log(text)
    log(f"Written to {OUTPUT.relative_to(ROOT)}.")
    broken = [p.name for p in pages if p.status and p.status >= 500 and p.status != 501]
    if broken:
        log("Server errors on: " + ", ".join(broken))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
