"""``make bench``: the impact pages at the issue's scale (``IMPACT_BENCH_SCALE``,
1.0 = 100 000 case stories, 20 000 adoptions, 10 000 completed exchanges).

Prints, with no timed assert: the time to recompute the figures after a change,
then the application CPU per request of /impact/ and of an institution's report
for a signed-in member with a warm cache and for a visitor, beside a hello-world
view through the same middleware."""

import datetime
import os
import random
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from exchanges.models import Exchange, ExchangeParty
from impact import figures
from impact.models import Adoption
from impact.reports import institution_report
from members.models import Institution
from tests import factories
from tests.bench.inprocess import BATCH, cpu_per_request, institutions, say, stories

SCALE = float(os.environ.get("IMPACT_BENCH_SCALE", "1.0"))
STORIES, ADOPTIONS, EXCHANGES = (
    int(100_000 * SCALE),
    int(20_000 * SCALE),
    int(10_000 * SCALE),
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.bench.inprocess")]


def _generate() -> Institution:
    rng = random.Random(2014)
    bench_institutions = institutions()
    bench_stories = stories(STORIES, bench_institutions)
    now = timezone.now()
    pairs = set()
    while len(pairs) < ADOPTIONS:
        pairs.add(
            (rng.randrange(len(bench_stories)), rng.randrange(len(bench_institutions)))
        )
    Adoption.objects.bulk_create(
        (
            Adoption(
                case_story=bench_stories[s],
                institution=bench_institutions[i],
                note="Bench.",
            )
            for s, i in pairs
        ),
        batch_size=BATCH,
    )
    exchanges = Exchange.objects.bulk_create(
        (
            Exchange(
                title=f"Bench exchange {n}",
                slug=f"bench-exchange-{n}",
                modality=("virtual", "study_visit", "peer_workshop")[n % 3],
                starts_on=(now - datetime.timedelta(days=n % 3000)).date(),
                ends_on=(now - datetime.timedelta(days=n % 3000)).date(),
                status="completed",
                completed_at=now - datetime.timedelta(days=n % 3000),
            )
            for n in range(EXCHANGES)
        ),
        batch_size=BATCH,
    )
    ExchangeParty.objects.bulk_create(
        (
            ExchangeParty(
                exchange=exchange, institution=bench_institutions[k], side=side
            )
            for n, exchange in enumerate(exchanges)
            for k, side in ((n % 200, "provider"), ((n * 7 + 1) % 200, "seeker"))
            if k != (n % 200) or side == "provider"
        ),
        batch_size=BATCH,
    )
    # Statistics for the planner, as autovacuum keeps them in production (and
    # the served benchmark's loader makes them): without them it takes each
    # freshly filled table for a few rows, and sorts 90 000 where it would hash.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return bench_institutions[0]


def test_impact_bench_prints_the_figures():
    started = time.perf_counter()
    institution = _generate()
    say(f"\nImpact bench at scale {SCALE}: {STORIES} stories, {ADOPTIONS} adoptions,")
    say(f"{EXCHANGES} exchanges, generated in {time.perf_counter() - started:.1f} s")

    cache.clear()
    started = time.perf_counter()
    figures.community()
    say(f"/impact/ figures recomputed: {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    institution_report(institution)
    say(f"Report figures recomputed: {(time.perf_counter() - started) * 1000:.0f} ms")

    member = Client()
    member.force_login(factories.MemberFactory())
    visitor = Client()
    report = f"/institutions/{institution.slug}/impact/"
    hello_cpu = cpu_per_request(visitor, "/bench/hello/")
    say(f"{'page':<32}{'member ms CPU':>15}{'visitor ms CPU':>16}{'visitor/hello':>15}")
    for url in ("/impact/", "/impact/flows/?region=africa", report):
        member_cpu = cpu_per_request(member, url)
        visitor_cpu = cpu_per_request(visitor, url)
        share = hello_cpu / visitor_cpu * 100 if visitor_cpu else 0
        say(f"{url:<32}{member_cpu:>15.2f}{visitor_cpu:>16.2f}{share:>14.0f}%")
    say(f"{'/bench/hello/':<32}{'':>15}{hello_cpu:>16.2f}")
