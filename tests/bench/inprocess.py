"""What the in-process benchmarks of ``make bench`` share: a hello-world view
through the site's middleware to compare with, CPU per request, percentiles and
bulk-made data. These print figures; nothing here asserts a time."""

import datetime
import statistics
import sys
import time

from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils import timezone

from cases.models import CaseStory
from core.search import configs_for, weighted_vector
from kshub import urls as site_urls
from members.models import Institution

REQUESTS = 50
BATCH = 2000
COUNTRIES = [
    *("KR", "CL", "MX", "CO", "NG", "ID", "IN", "BR"),
    *("CN", "ZA", "PK", "LR", "GH", "KE", "PE"),
]


def hello(request):
    return HttpResponse(b"Hello, world", content_type="text/plain")


# A bench module marks itself ``pytest.mark.urls("tests.bench.inprocess")``.
urlpatterns = [path("bench/hello/", hello), *site_urls.urlpatterns]


def say(line: str) -> None:
    sys.stdout.write(f"{line}\n")


def cpu_per_request(client: Client, url: str, requests: int = REQUESTS) -> float:
    """Milliseconds of this process's CPU per request, after one warming request."""
    client.get(url)
    start = time.process_time()
    for _ in range(requests):
        assert client.get(url).status_code == 200
    return (time.process_time() - start) / requests * 1000


def p99_ms(call, samples: int = 200) -> tuple[float, float]:
    """Median and 99th percentile of ``call()``'s wall time, in milliseconds."""
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=100)[98]


def institutions(count: int = 200, *, prefix: str = "bench") -> list[Institution]:
    return Institution.objects.bulk_create(
        Institution(
            name=f"Bench institution {n}",
            slug=f"{prefix}-{n}",
            country=COUNTRIES[n % len(COUNTRIES)],
            kind="government",
            verified=True,
        )
        for n in range(count)
    )


def stories(count: int, leads: list[Institution], *, words=()) -> list[CaseStory]:
    """``count`` stories, nine in ten published, their search vectors filled."""
    now = timezone.now()
    made = []
    for start in range(0, count, BATCH):
        made += CaseStory.objects.bulk_create(
            CaseStory(
                title=f"Bench story {n} {words[n % len(words)] if words else ''}",
                slug=f"bench-story-{n}",
                summary="A story for the benchmark.",
                lead_institution=leads[n % len(leads)],
                countries=[COUNTRIES[n % len(COUNTRIES)]],
                status="published" if n % 10 else "draft",
                published_at=now - datetime.timedelta(days=n % 3000)
                if n % 10
                else None,
                view_count=n % 500,
            )
            for n in range(start, min(start + BATCH, count))
        )
    CaseStory.objects.update(
        search_vector=weighted_vector(configs_for("en"), a=["title"], b=["summary"])
    )
    return made
