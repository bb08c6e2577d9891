"""``make bench``: the offline pack of a large selection, at the issue's scale
(``PACK_BENCH_STORIES``, 200 published case stories by default: the most a pack
holds, ``cases.packs.MAX_STORIES``).

Prints, with no timed assert: what the request for each format costs (it only
queues the build and answers 202, since the selection is larger than
``IN_REQUEST``), then the background task's wall and CPU time building the zip,
the PDF and the EPUB with each one's size, the request that serves the built pack
from the cache, and the process's peak resident memory. At ``IN_REQUEST`` stories
or fewer the request builds the pack itself (200 at once). Alone:
``PACK_BENCH_STORIES=30 .venv/bin/python -m pytest tests/bench/test_pack_bench.py
-s -p no:randomly``."""

import datetime
import os
import resource
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from cases import pack_views, tasks
from cases.models import Attachment, CaseStory, Dimension
from cases.packs import FORMATS, pack_key
from tests.bench.inprocess import institutions, say

STORIES = int(os.environ.get("PACK_BENCH_STORIES", "200"))
# One story in ATTACHED carries a small PDF, as uploaded stories often do.
ATTACHED = 5
ATTACHMENT = b"%PDF-1.4\n" + b"1 0 obj<<>>endobj\n" * 2000 + b"trailer<<>>\n%%EOF\n"
SECTION = (
    "The institution set up a **peer review** of its programmes: each year two "
    "teams visited another country's agency, compared their results frameworks "
    "and wrote down what they would change.\n\n"
    "- what was measured, and how often;\n"
    "- who read the results, and what they decided;\n"
    "- what it cost, in staff time and travel.\n\n"
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _stories() -> None:
    leads = institutions(40, prefix="pack-bench")
    dimensions = list(Dimension.objects.all())
    now = timezone.now()
    stories = CaseStory.objects.bulk_create(
        CaseStory(
            title=f"Bench story {n}: measuring results together",
            slug=f"pack-bench-story-{n}",
            summary="What an institution did to learn from its peers.",
            context=SECTION,
            challenge=SECTION,
            solution=SECTION * 3,
            results=SECTION * 2,
            lessons=SECTION,
            lead_institution=leads[n % len(leads)],
            countries=[leads[n % len(leads)].country],
            year=2000 + n % 25,
            status="published",
            published_at=now - datetime.timedelta(days=n),
        )
        for n in range(STORIES)
    )
    through = CaseStory.dimensions.through
    through.objects.bulk_create(
        through(casestory=story, dimension=dimensions[n % len(dimensions)])
        for n, story in enumerate(stories)
    )
    for n, story in enumerate(stories[::ATTACHED]):
        Attachment.objects.create(
            case_story=story,
            token=f"pack-bench-{n}",
            file=ContentFile(ATTACHMENT, name=f"evaluation-{n}.pdf"),
            original_name=f"evaluation-{n}.pdf",
            content_type="application/pdf",
            size=len(ATTACHMENT),
        )


def _timed_request(client: Client, fmt: str):
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(f"/cases/pack/?format={fmt}")
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return response, wall * 1000, cpu * 1000


def test_pack_bench_prints_the_figures(monkeypatch):
    _stories()
    queued = []
    # As in production: the request queues the task, a worker runs it later.
    monkeypatch.setattr(
        pack_views,
        "tasks",
        SimpleNamespace(
            build_case_pack=SimpleNamespace(enqueue=lambda *args: queued.append(args))
        ),
    )
    client = Client()
    say(f"\nOffline pack bench: {STORIES} published stories")
    for fmt in FORMATS:
        response, wall, cpu = _timed_request(client, fmt)
        say(f"request {fmt:4}: {response.status_code}, {wall:.0f} ms, {cpu:.0f} ms CPU")
    say(f"queued tasks: {len(queued)}")
    for fmt in FORMATS:
        started, cpu = time.perf_counter(), time.process_time()
        tasks.build_case_pack.call([], fmt, "en")  # as a worker runs it
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        size = cache.get(f"{pack_key({}, fmt, 'en')}:size") or 0
        say(
            f"task {fmt:4}: {wall:.1f} s, {cpu:.1f} s CPU, {size / 1024:.0f} KiB "
            f"(load average {os.getloadavg()[0]:.1f})"
        )
    for fmt in FORMATS:
        response, wall, cpu = _timed_request(client, fmt)
        say(
            f"served {fmt:4}: {response.status_code}, {len(response.content)} bytes, "
            f"{wall:.0f} ms, {cpu:.0f} ms CPU"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(f"peak resident memory of the process: {rss:.0f} MiB")
