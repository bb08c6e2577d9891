"""``make bench``: the knowledge exchange at the issue's scale
(``EXCHANGES_BENCH_SCALE``, 1.0 = 100 000 case stories, 10 000 offers and
10 000 requests, each on one or two of the ten KS dimensions).

Prints, with no timed assert: a request's page with its suggestions and the
/exchange/ list, as application CPU per request for a member and a visitor beside a
hello-world view through the same middleware, warm (the same address again) and on
a first render (an address no request asked before); SQL queries per page for two
different requests (constant when they match); the time to build the listing
index and the case list's facet index the matching reads (once per content
version); then the suggestions computed afresh (offers, stories, institutions for
one request, nothing of them cached, the indexes built) as median and p99 wall
time, unloaded.

Fresh addresses: the list's come from every combination of a dimension, a working
language (or none), a modality (or none), a kind (or none), a region (or none) and
a page from 1 to 3, shuffled, one a request; a request's page is that of another
request each time, its suggestions computed and rendered then."""

import datetime
import itertools
import os
import random
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import facet_build
from cases.models import CaseStory, Dimension
from core.search import configs_for, weighted_vector
from exchanges import listing_index, matching
from exchanges.models import KnowledgeOffer, KnowledgeRequest
from tests import factories
from tests.bench.inprocess import (
    BATCH,
    COUNTRIES,
    cpu_per_request,
    institutions,
    p99_ms,
    say,
    stories,
)
from tests.bench.inprocess import (
    REQUESTS as SAMPLES,
)

SCALE = float(os.environ.get("EXCHANGES_BENCH_SCALE", "1.0"))
STORIES, OFFERS, REQUESTS = (int(n * SCALE) for n in (100_000, 10_000, 10_000))
WORDS = ("monitoring", "evaluation", "coordination", "transport", "cash transfers")

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.bench.inprocess")]


def _listings(model, count: int, leads, rng, **values) -> list:
    made = model.objects.bulk_create(
        (
            model(
                title=f"Bench {model.kind} {n} on {WORDS[n % len(WORDS)]}",
                slug=f"bench-{model.kind}-{n}",
                summary=f"Learning about {WORDS[n % len(WORDS)]}.",
                institution=leads[n % len(leads)],
                countries=[COUNTRIES[n % len(COUNTRIES)]],
                languages=rng.sample(["en", "es", "fr", "pt"], 2),
                modalities=rng.sample(["virtual", "study_visit", "peer_workshop"], 1),
                **values,
            )
            for n in range(count)
        ),
        batch_size=BATCH,
    )
    model.objects.update(
        search_vector=weighted_vector(configs_for("en"), a=["title"], b=["summary"])
    )
    return made


def _on_dimensions(model, items, dimensions, rng) -> None:
    """One or two dimensions per item, through rows in bulk."""
    through = model.dimensions.through
    owner = f"{model._meta.model_name}_id"
    rows = {
        (item.pk, dimension.pk)
        for item in items
        for dimension in rng.sample(dimensions, rng.choice((1, 2)))
    }
    through.objects.bulk_create(
        (through(**{owner: item, "dimension_id": d}) for item, d in rows),
        batch_size=BATCH,
    )


def _generate() -> None:
    rng = random.Random(2014)
    dimensions = list(Dimension.objects.all())
    leads = institutions()
    _on_dimensions(CaseStory, stories(STORIES, leads, words=WORDS), dimensions, rng)
    offers = _listings(KnowledgeOffer, OFFERS, leads, rng, capacity=2)
    needed_by = timezone.localdate() + datetime.timedelta(days=90)
    requests = _listings(KnowledgeRequest, REQUESTS, leads, rng, needed_by=needed_by)
    _on_dimensions(KnowledgeOffer, offers, dimensions, rng)
    _on_dimensions(KnowledgeRequest, requests, dimensions, rng)


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _fresh_list_addresses() -> list[str]:
    """Every combination of the list's filters and three pages, shuffled."""
    combinations = itertools.product(
        Dimension.objects.values_list("slug", flat=True),
        ("", "en", "es", "fr", "pt"),
        ("", "virtual", "study_visit", "peer_workshop"),
        ("", "request", "offer"),
        ("", "africa", "latin-america-caribbean", "south-asia"),
        (1, 2, 3),
    )
    names = ("dimension", "language", "modality", "kind", "region", "page")
    addresses = [
        "/exchange/?"
        + "&".join(f"{n}={v}" for n, v in zip(names, values, strict=True) if v)
        for values in combinations
    ]
    random.Random(20).shuffle(addresses)
    return addresses


def _fresh_cpu(client: Client, addresses) -> float:
    """CPU ms per request, each request to an address not asked before."""
    start = time.process_time()
    for _ in range(SAMPLES):
        assert client.get(next(addresses)).status_code == 200
    return (time.process_time() - start) / SAMPLES * 1000


def _build_ms(build) -> float:
    start = time.perf_counter()
    build()
    return (time.perf_counter() - start) * 1000


def test_exchanges_bench_prints_the_figures():
    _generate()
    say(
        f"\nExchange bench at scale {SCALE}: {STORIES} stories, {OFFERS} offers,"
        f" {REQUESTS} requests"
    )
    say(
        f"Indexes, built once per content version: the listings"
        f" {_build_ms(listing_index.build):.0f} ms, the case list's facets"
        f" {_build_ms(facet_build.build):.0f} ms"
    )
    member, visitor = Client(), Client()
    member.force_login(factories.MemberFactory())
    first, second = KnowledgeRequest.objects.order_by("pk")[:2]
    hello = cpu_per_request(visitor, "/bench/hello/")
    say(f"{'page':<44}{'member ms':>10}{'visitor ms':>11}{'hello/visitor':>14}")
    for url in (first.get_absolute_url(), "/exchange/", "/exchange/?kind=offer"):
        member_cpu = cpu_per_request(member, url)
        visitor_cpu = cpu_per_request(visitor, url)
        share = hello / visitor_cpu * 100
        say(f"{url:<44}{member_cpu:>10.2f}{visitor_cpu:>11.2f}{share:>13.0f}%")
    lists = iter(_fresh_list_addresses())
    pages = iter(
        [r.get_absolute_url() for r in KnowledgeRequest.objects.order_by("-pk")]
    )
    for label, addresses in (
        ("/exchange/?<new filters>", lists),
        ("a request's page, a new one", pages),
    ):
        member_cpu, visitor_cpu = (
            _fresh_cpu(member, addresses),
            _fresh_cpu(visitor, addresses),
        )
        share = hello / member_cpu * 100
        say(
            f"{label:<44}{member_cpu:>10.2f}{visitor_cpu:>11.2f}"
            f"{share:>13.0f}% (of the member's)"
        )
    say(f"{'/bench/hello/':<44}{'':>10}{hello:>11.2f}")
    say(
        "SQL queries, a request's page for a member:"
        f" {_queries(member, first.get_absolute_url())} and"
        f" {_queries(member, second.get_absolute_url())} for another request"
    )
    pool = list(
        KnowledgeRequest.objects.select_related("institution").order_by("?")[:200]
    )
    picks = iter(pool * 2)

    def suggest():
        matching.computed(next(picks))

    median, p99 = p99_ms(suggest)
    say(
        f"Suggestions for a request computed afresh (offers, stories,"
        f" institutions): median {median:.1f} ms, p99 {p99:.1f} ms"
    )
