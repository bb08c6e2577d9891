"""First renders of the list pages and the search, in process: the application's
CPU time for a signed-in member asking an address no request asked before, beside
a hello-world view through the same middleware.

Run against a generated database (``make bench`` makes one), with the settings
``run_bench.py`` serves with (production, Redis when one answers)::

    DATABASE_URL=postgres://… .venv/bin/python tests/bench/first_renders.py
    … first_renders.py --profile cases      # cProfile of the case list's renders
    … first_renders.py --rounds 5 --requests 40
    … first_renders.py --pages search       # a new 1-3 word query each request

Each round asks every page ``--requests`` new addresses and takes the median CPU
time per request; the figures printed are the medians over the rounds. The run
starts with a new content version (nothing rendered before is read) and new
random addresses. A new address of the case list is a new combination of one to
three filters, a sort and a page (``run_bench.case_list_addresses``); of the
other lists, a page, a filter and a parameter the page does not read (members are
never served a cached page, visitors' copies are keyed by what the page reads);
of the search, a new query of one to three words, one in ten with a typo
(``run_bench.fresh_searches``). CPU, not wall time, so that other work on a shared
machine moves the figures less; PostgreSQL's and Redis's own time is not in it.
Beside it, over every request of the rounds, the wall time's median and 99th
percentile, and the median wall time spent waiting on PostgreSQL. Nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench import run_bench


def reader_client(visitor: bool = False):
    """A signed-in member's client, or a visitor's (whose new address is no
    cached copy either)."""
    from django.conf import settings
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if not visitor:
        client.cookies[settings.SESSION_COOKIE_NAME] = run_bench.member_sessions(1)[0]
    return client


@dataclass
class Timing:
    """One request's milliseconds: this process's CPU, the wall clock, and the
    wall clock spent waiting on PostgreSQL."""

    cpu: float
    wall: float
    sql: float


class SqlClock:
    """Adds up the wall time of every query (``connection.execute_wrapper``)."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000


def timed(client, addresses: list[str]) -> list[Timing]:
    """One request to each of ``addresses``, timed."""
    from django.db import connection

    timings = []
    for address in addresses:
        clock = SqlClock()
        with connection.execute_wrapper(clock):
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(address)
            cpu = (time.process_time() - cpu) * 1000
            wall = (time.perf_counter() - wall) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{address}: {response.status_code}")
        timings.append(Timing(cpu, wall, clock.ms))
    return timings


def cpu_ms(client, addresses: list[str]) -> float:
    """The median CPU milliseconds of one request to each of ``addresses``."""
    return statistics.median(timing.cpu for timing in timed(client, addresses))


def forget_rendered() -> None:
    """Nothing rendered before counts: a new content version, as after a write
    (the facet index stays, brought up to date from the journal)."""
    from core.pagecache import CONTENT, renew_version

    renew_version(CONTENT)


def new_addresses(rng, count: int) -> dict[str, list[str]]:
    """``count`` new addresses of each page."""
    from cases.models import CaseStory

    return {
        "cases": run_bench.case_list_addresses(
            rng, CaseStory.objects.published(), count
        ),
        **run_bench.other_list_addresses(rng, count),
        "search": run_bench.fresh_searches(rng)[:count],
    }


def measure(rounds: int, requests: int, chosen: list[str], visitor: bool) -> None:
    client = reader_client(visitor)
    forget_rendered()
    rng = random.Random(time.time_ns())
    pages = new_addresses(rng, rounds * requests + 1)
    hello = ["/bench/hello/"] * requests
    ceiling = statistics.median(cpu_ms(client, hello) for _ in range(rounds))
    run_bench.log(
        f"CPU ms per request, {'a visitor' if visitor else 'a signed-in member'}, "
        f"a new address each request "
        f"(median of {rounds} rounds of {requests} requests); wall ms p50 / p99 "
        f"and waiting on SQL (median) over all of them:"
    )
    run_bench.log(f"  {'hello world':13} {ceiling:6.2f} ms")
    for page in chosen or pages:
        addresses = pages[page]
        start = time.process_time()
        client.get(addresses.pop())  # the page's first request ever, and its index
        first = (time.process_time() - start) * 1000
        runs = [
            timed(client, addresses[at * requests : (at + 1) * requests])
            for at in range(rounds)
        ]
        values = [statistics.median(t.cpu for t in run) for run in runs]
        every = [timing for run in runs for timing in run]
        walls = statistics.quantiles([t.wall for t in every], n=100)
        median = statistics.median(values)
        run_bench.log(
            f"  {page:13} {median:6.2f} ms  (rounds {min(values):.2f} to "
            f"{max(values):.2f}; the first request {first:.0f} ms)  "
            f"hello/page {ceiling / median:.2f}  wall {walls[49]:.1f} / "
            f"{walls[98]:.1f} ms, SQL {statistics.median(t.sql for t in every):.1f} ms"
        )


def profile(page: str, requests: int, top: int, visitor: bool) -> None:
    client = reader_client(visitor)
    forget_rendered()
    addresses = new_addresses(random.Random(time.time_ns()), requests + 1)[page]
    client.get(addresses.pop())
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for address in addresses:
        client.get(address)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    run_bench.log(out.getvalue())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--profile", metavar="PAGE", help="cases, events, …, search")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument(
        "--visitor", action="store_true", help="a signed-out visitor's requests"
    )
    parser.add_argument(
        "--pages", default="", help="comma-separated: cases,events,…,search"
    )
    options = parser.parse_args()
    run_bench.configure_environment()
    import django

    django.setup()
    if options.profile:
        profile(options.profile, options.requests, options.top, options.visitor)
    else:
        pages = [page for page in options.pages.split(",") if page]
        measure(options.rounds, options.requests, pages, options.visitor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
