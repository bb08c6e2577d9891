"""``make bench``: the read API's list pages at the issue's scale
(``API_BENCH_SCALE``, 1.0 = 100 000 case stories, nine in ten published).

Prints, with no timed assert, the application CPU per request of a few list pages
(the first page, a filtered one, a page further on through its cursor) for a
visitor whose answer is kept per content version, and uncached (the cache
emptied before each request, outside the measured time), beside a hello-world
view through the same middleware."""

import os
import time

import pytest
from django.core.cache import cache
from django.test import Client

from tests.bench.inprocess import (
    cpu_per_request,
    institutions,
    say,
    stories,
)

SCALE = float(os.environ.get("API_BENCH_SCALE", "1.0"))
STORIES = int(100_000 * SCALE)
UNCACHED_REQUESTS = 30

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.bench.inprocess")]


def _uncached_cpu(client: Client, url: str) -> float:
    """Milliseconds of this process's CPU per request with nothing kept."""
    spent = 0.0
    for _ in range(UNCACHED_REQUESTS):
        cache.clear()
        start = time.process_time()
        assert client.get(url).status_code == 200
        spent += time.process_time() - start
    return spent / UNCACHED_REQUESTS * 1000


def test_api_bench_prints_the_figures():
    stories(STORIES, institutions())
    visitor = Client()
    first = visitor.get("/api/v1/case-stories/?limit=50").json()
    pages = (
        "/api/v1/case-stories/",
        "/api/v1/case-stories/?country=KR",
        first["next"].removeprefix("http://testserver"),
        "/api/v1/institutions/",
    )
    hello = cpu_per_request(visitor, "/bench/hello/")
    say(f"\nAPI bench at scale {SCALE}: {STORIES} case stories")
    say(f"{'page':<58}{'cached ms':>10}{'x hello':>9}{'uncached ms':>13}")
    for url in pages:
        warm = cpu_per_request(visitor, url)
        cold = _uncached_cpu(visitor, url)
        say(f"{url[:57]:<58}{warm:>10.2f}{hello / warm:>9.2f}{cold:>13.2f}")
    say(f"{'/bench/hello/':<58}{hello:>10.2f}")
