"""``make bench``: the open data dumps at the issue's scale
(``OPEN_DATA_BENCH_SCALE``, 1.0 = 100 000 published case stories, 2 000
institutions, 200 events of 20 sessions, 5 000 posts).

Prints, with no timed assert: the peak Python memory of writing the case-story
dumps with a tenth of the stories and with all of them (flat memory: the second
peak stays near the first), then the wall and CPU time of the whole export (what
``manage.py export_open_data`` writes), each file's size and the process's peak
resident memory."""

import datetime
import os
import resource
import sys
import time
import tracemalloc

import pytest
from django.utils import timezone

from blog.models import Post
from cases.models import CaseStory, Dimension
from events.models import Event, Session
from members.models import Institution
from opendata import dumps
from tests import factories

SCALE = float(os.environ.get("OPEN_DATA_BENCH_SCALE", "1.0"))
STORIES = int(100_000 * SCALE)
INSTITUTIONS = max(int(2_000 * SCALE), 10)
EVENTS = max(int(200 * SCALE), 2)
SESSIONS_PER_EVENT = 20
POSTS = int(5_000 * SCALE)
BATCH = 2000
SECTION = "What the institution did, and what it learnt from it. " * 8

pytestmark = pytest.mark.django_db


def say(line: str) -> None:
    sys.stdout.write(f"{line}\n")


def absolute(path: str) -> str:
    return f"https://kshub.example{path}"


def _institutions() -> list[Institution]:
    return Institution.objects.bulk_create(
        (
            Institution(
                name=f"Bench institution {n}",
                slug=f"bench-{n}",
                country=("KR", "CL", "MX", "NG", "ID")[n % 5],
                kind="government",
                verified=True,
                description=SECTION,
            )
            for n in range(INSTITUTIONS)
        ),
        batch_size=BATCH,
    )


def _stories(first: int, last: int, institutions: list[Institution]) -> None:
    now = timezone.now()
    dimensions = list(Dimension.objects.all())
    through = CaseStory.dimensions.through
    for start in range(first, last, BATCH):
        created = CaseStory.objects.bulk_create(
            CaseStory(
                title=f"Bench story {n}",
                slug=f"bench-story-{n}",
                summary="A story for the benchmark.",
                context=SECTION,
                challenge=SECTION,
                solution=SECTION,
                results=SECTION,
                lessons=SECTION,
                lead_institution=institutions[n % len(institutions)],
                countries=[("KR", "CL", "MX", "NG", "ID")[n % 5]],
                year=2000 + n % 25,
                status="published",
                published_at=now - datetime.timedelta(minutes=n),
            )
            for n in range(start, min(start + BATCH, last))
        )
        through.objects.bulk_create(
            through(casestory=story, dimension=dimensions[story.pk % len(dimensions)])
            for story in created
        )


def _events_and_posts(institutions: list[Institution]) -> None:
    today = timezone.localdate()
    events = Event.objects.bulk_create(
        Event(
            title=f"Bench meeting {n}",
            slug=f"bench-meeting-{n}",
            city="Seoul",
            country="KR",
            starts_on=today - datetime.timedelta(days=n * 30),
            ends_on=today - datetime.timedelta(days=n * 30 - 2),
            summary="A meeting for the benchmark.",
        )
        for n in range(EVENTS)
    )
    Session.objects.bulk_create(
        (
            Session(
                event=event,
                slug=f"session-{k}",
                kind="roundtable",
                title=f"Roundtable {k}",
                starts_at=timezone.now(),
                ends_at=timezone.now() + datetime.timedelta(hours=1),
            )
            for event in events
            for k in range(SESSIONS_PER_EVENT)
        ),
        batch_size=BATCH,
    )
    author = factories.MemberFactory()
    Post.objects.bulk_create(
        (
            Post(
                title=f"Bench post {n}",
                slug=f"bench-post-{n}",
                author=author,
                body=SECTION,
                status="published",
                published_at=timezone.now(),
            )
            for n in range(POSTS)
        ),
        batch_size=BATCH,
    )


def _dump_stories() -> tuple[float, int]:
    """Peak Python memory (MiB, traced: slower, so not timed) and bytes of both
    case-story dumps."""
    size = 0
    tracemalloc.start()
    for fmt in dumps.FORMATS:
        for line in dumps.lines("case-stories", fmt, absolute):
            size += len(line)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak, size


def test_open_data_bench_prints_the_figures(tmp_path):
    started = time.perf_counter()
    institutions = _institutions()
    tenth = STORIES // 10
    _stories(0, tenth, institutions)
    say(f"\nOpen data bench at scale {SCALE}")
    small_peak, size = _dump_stories()
    say(
        f"case stories, {tenth} rows (CSV + JSON Lines): {size / 2**20:.1f} MiB, "
        f"peak Python memory {small_peak:.1f} MiB"
    )
    _stories(tenth, STORIES, institutions)
    _events_and_posts(institutions)
    say(f"(data generated in {time.perf_counter() - started:.0f} s)")
    peak, size = _dump_stories()
    say(
        f"case stories, {STORIES} rows (CSV + JSON Lines): {size / 2**20:.1f} MiB, "
        f"peak Python memory {peak:.1f} MiB "
        f"({peak / small_peak:.2f} times the peak at a tenth of the rows)"
    )

    started, cpu = time.perf_counter(), time.process_time()
    written = dumps.export(tmp_path, absolute=absolute)
    say(
        f"whole export ({len(written)} files): "
        f"{time.perf_counter() - started:.1f} s, "
        f"{time.process_time() - cpu:.1f} s of this process's CPU "
        f"(load average {os.getloadavg()[0]:.1f})"
    )
    for path in written:
        say(f"  {path.name:32} {path.stat().st_size / 2**20:8.1f} MiB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(f"peak resident memory of the process: {rss:.0f} MiB")
