"""``make bench``: importing a Ning export at the issue's scale (``NING_BENCH_SCALE``,
1.0 = 10 000 members, 10 000 blog posts and 10 000 discussions with 200 000
comments between them).

Prints, with no timed assert: the time of the dry run, of the import, of a second
run that finds nothing to do, the rows per second, and the resident memory of the
process sampled through the import (flat when it does not grow with the export)."""

import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from comments.models import Comment
from ning.services import import_ning_export

SCALE = float(os.environ.get("NING_BENCH_SCALE", "1.0"))
MEMBERS = int(10_000 * SCALE)
POSTS = int(10_000 * SCALE)
DISCUSSIONS = int(10_000 * SCALE)
COMMENTS_PER_ITEM = 10
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPH = (
    "<p>Institutions share <b>what worked</b> and what did not, with "
    '<a href="http://example.org/report">the report</a> &amp; its annex.</p>'
)


def say(line: str) -> None:
    sys.stdout.write(f"{line}\n")


def _write(path: Path, items) -> None:
    """One item per line, in the archiver's parentheses, without holding the list."""
    with path.open("w", encoding="utf-8") as out:
        out.write("([\n")
        for n, item in enumerate(items):
            out.write(("," if n else "") + json.dumps(item) + "\n")
        out.write("])\n")


def _comments(prefix: str, n: int) -> list[dict]:
    return [
        {
            "id": f"1:Comment:{prefix}{n}-{c}",
            "contributorName": f"member{(n + c) % MEMBERS}",
            "description": f"Comment {c}: thank you, <i>very useful</i>.",
            "createdDate": f"2014-{1 + c % 12:02d}-{1 + n % 28:02d}T10:00:00.000Z",
        }
        for c in range(COMMENTS_PER_ITEM)
    ]


def _export(folder: Path) -> None:
    _write(
        folder / "ning-members-local.json",
        (
            {
                "contributorName": f"member{n}",
                "fullName": f"Member {n}",
                "email": f"member{n}@example.org",
                "createdDate": "2012-01-01T00:00:00.000Z",
                "profileQuestions": {"Country": "Chile"},
            }
            for n in range(MEMBERS)
        ),
    )
    for name, count, kind in (
        ("blogs", POSTS, "BlogPost"),
        ("discussions", DISCUSSIONS, "Topic"),
    ):
        _write(
            folder / f"ning-{name}-local.json",
            (
                {
                    "id": f"1:{kind}:{n}",
                    "contributorName": f"member{n % MEMBERS}",
                    "title": f"{kind} number {n} on knowledge sharing",
                    "description": PARAGRAPH * 4,
                    "createdDate": "2014-01-01T09:00:00.000Z",
                    "tags": ["knowledge sharing", f"theme {n % 50}"],
                    "category": f"Category {n % 5}",
                    "viewCount": n,
                    "comments": _comments(kind, n),
                }
                for n in range(count)
            ),
        )


class RssSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[tuple[float, int]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        started = time.perf_counter()
        while not self.stopped.wait(0.5):
            with open("/proc/self/statm") as statm:
                pages = int(statm.read().split()[1])
            self.samples.append((time.perf_counter() - started, pages * PAGE_SIZE))


def _timed(label: str, **kwargs):
    started = time.perf_counter()
    run = import_ning_export(**kwargs)
    elapsed = time.perf_counter() - started
    say(f"{label}: {elapsed:.1f} s")
    for line in run.summary_lines():
        say(f"  {line}")
    return run, elapsed


def test_ning_bench_prints_the_figures(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "export"
    folder.mkdir()
    _export(folder)
    size = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
    say(
        f"\nNing bench at scale {SCALE}: {MEMBERS} members, {POSTS} posts, "
        f"{DISCUSSIONS} discussions, {(POSTS + DISCUSSIONS) * COMMENTS_PER_ITEM} "
        f"comments ({size:.0f} MB of JSON)"
    )
    _timed("Dry run", folder=folder, dry_run=True)
    sampler = RssSampler()
    sampler.start()
    run, elapsed = _timed("Import", folder=folder)
    sampler.stopped.set()
    sampler.join()
    rows = sum(sum(counter.values()) for counter in run.counts.values())
    say(f"  {rows / elapsed:.0f} items per second")
    if sampler.samples:
        quarters = [
            sampler.samples[int(q * (len(sampler.samples) - 1))]
            for q in (0, 0.25, 0.5, 0.75, 1)
        ]
        shown = ", ".join(f"{at:.0f} s: {rss / 1e6:.0f} MB" for at, rss in quarters)
        say(f"  resident memory through the import: {shown}")
    _timed("Second run (nothing to do)", folder=folder)
    say(f"Comments in the database: {Comment.objects.count()}")
