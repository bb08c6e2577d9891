"""Prove the portal survives its database going away, concurrency and steady load.

Run with ``make reliability`` (or ``python tests/reliability/run_reliability.py
[restart] [outage] [concurrency] [soak]``). It starts its own PostgreSQL (the
embedded server, in a temporary folder, on a unix socket), migrates it, loads the
demo content and a few members and stories of its own, and serves the site with
gunicorn under production settings (2 workers x 4 threads) on 127.0.0.1. Then:

1. restart: readers and members posting comments for ``RELIABILITY_RESTART_SECONDS``
   (30) while PostgreSQL is restarted after 10 s. Each comment carries a submission
   key and is sent again with the same key until acknowledged (302).
2. outage: PostgreSQL stopped for 10 s under light traffic.
3. concurrency: double-submitted comments, simultaneous flags, registrations for
   the last places, and simultaneous reads, through HTTP.
4. soak: mixed traffic (reads, searches, comments) for ``RELIABILITY_SOAK_SECONDS``
   (300) at ``RELIABILITY_SOAK_RATE`` (50) requests a second; the memory of each
   worker is sampled after a warm-up and at the end.
5. redis: a server with Redis for its cache and sessions, read by visitors and
   members while Redis is stopped for 10 s and started again (tests/reliability/
   outages.py).
6. mail: sign-ups and password resets with the mail server down, then with one
   that accepts connections and never answers.

It prints a table of what was promised, what was measured and whether it held,
writes it to var/reliability/latest.md, and exits 1 when anything did not hold.
"""

from __future__ import annotations

import datetime
import io
import os
import platform
import queue
import random
import re
import secrets
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.machine import cpu_model  # noqa: E402
from tests.reliability.harness import (  # noqa: E402
    Answer,
    Gunicorn,
    Member,
    Postgres,
    Recorder,
    Site,
    environment,
    log,
    new_csrf_token,
    percentile,
    remove_tree,
    run_threads,
)
from tests.reliability.outages import scenario_mail, scenario_redis  # noqa: E402

OUTPUT = ROOT / "var" / "reliability" / "latest.md"
DATABASE = "kshub_reliability"
RESTART_SECONDS = int(os.environ.get("RELIABILITY_RESTART_SECONDS", "30"))
RESTART_AT = 10
OUTAGE_SECONDS = 10
SOAK_SECONDS = int(os.environ.get("RELIABILITY_SOAK_SECONDS", "300"))
SOAK_RATE = float(os.environ.get("RELIABILITY_SOAK_RATE", "50"))
WORKERS, THREADS = 2, 4
GRACE_SECONDS = 5  # after PostgreSQL is back, errors must have stopped by then
FAIL_FAST_SECONDS = 3
RECOVERY_SECONDS = 5
RSS_GROWTH_LIMIT = 0.20
MEMBERS = 200
SCENARIOS = ("restart", "outage", "concurrency", "soak", "redis", "mail")


@dataclass
class Check:
    scenario: str
    promise: str
    measured: str
    passed: bool


@dataclass
class Context:
    postgres: Postgres
    server: Gunicorn
    site: Site
    members: list[Member]
    stories: dict = field(default_factory=dict)  # role -> (pk, url)
    reading_paths: list[str] = field(default_factory=list)
    flag_comment: int = 0
    event: tuple[int, str] = (0, "")
    checks: list[Check] = field(default_factory=list)
    env: dict = field(default_factory=dict)  # the site's, for servers of its own
    workdir: Path = Path()

    def check(self, scenario: str, promise: str, measured: str, passed: bool):
        self.checks.append(Check(scenario, promise, measured, bool(passed)))
        log(f"  [{'ok' if passed else 'FAILED'}] {promise}: {measured}")


# Setup -----------------------------------------------------------------------


def site_environment(postgres: Postgres, workdir: Path) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "kshub.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": postgres.url(DATABASE),
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
        # Workers are not recycled, so their memory shows any growth.
        "GUNICORN_MAX_REQUESTS": "0",
    }


def prepare_database() -> None:
    import django
    from django.core.management import call_command

    django.setup()
    log("Migrating, collecting static files, loading the demo content ...")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


def seed(ctx_members: list[Member]) -> dict:
    """Members in good standing with signed-in sessions, and the run's own targets."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.test import override_settings
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from cases.models import CaseStory
    from tests import factories

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    joined = timezone.now() - datetime.timedelta(days=30)
    # Fast hashing for the throw-away accounts (no one signs in with a password).
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    ):
        users = [
            factories.MemberFactory(username=f"reliability{n}", date_joined=joined)
            for n in range(MEMBERS)
        ]
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        ctx_members.append(Member(user.pk, session.session_key, new_csrf_token()))

    stories = {}
    for role in ("reading", "comments", "views", "flags", "soak"):
        story = factories.CaseStoryFactory(
            title=f"Reliability {role} story",
            slug=f"reliability-{role}",
            author=users[0],
        )
        stories[role] = (story.pk, story.get_absolute_url())
    flagged = factories.CommentFactory(
        target=CaseStory.objects.get(pk=stories["flags"][0]),
        author=users[10],
        body="A comment that several members will flag at once.",
    )
    event = factories.EventFactory(
        slug="reliability-event", title="Reliability event", capacity=5
    )
    reading_paths = [
        story.get_absolute_url()
        for story in CaseStory.objects.published()
        .exclude(slug__startswith="reliability-")
        .order_by("pk")[:20]
    ]
    return {
        "stories": stories,
        "flag_comment": flagged.pk,
        "event": (event.pk, event.get_absolute_url()),
        "reading_paths": reading_paths or [stories["reading"][1]],
    }


def view_count(pk: int) -> int:
    from django.db import connections

    from cases.models import CaseStory

    connections.close_all()  # the connection may predate a restart
    return CaseStory.objects.values_list("view_count", flat=True).get(pk=pk)


def comment_data(story_pk: int, key: str, text: str) -> dict:
    return {
        "target": "cases.casestory",
        "object_id": str(story_pk),
        "body": text,
        "submission_key": key,
    }


def describe_statuses(answers: list[Answer]) -> str:
    counts: dict[str, int] = {}
    for answer in answers:
        label = str(answer.status) if answer.status else "no answer"
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(f"{n}x {label}" for label, n in sorted(counts.items()))


# 1. PostgreSQL restarted under load ---------------------------------------------


def post_until_acknowledged(
    ctx: Context, member: Member, data: dict, recorder: Recorder, deadline: float
) -> int:
    """Send the form until it is acknowledged (302); the last status."""
    while True:
        answer = recorder.add(
            ctx.site.post("/comments/post/", member, data, kind="post")
        )
        if answer.status not in (0, 503) or time.monotonic() > deadline:
            return answer.status
        time.sleep(0.25)


def scenario_restart(ctx: Context) -> None:
    log(f"\n1. PostgreSQL restarted under load ({RESTART_SECONDS} s) ...")
    from django.db import connections

    from comments.models import Comment

    read_pk, read_url = ctx.stories["reading"]
    comments_pk, _ = ctx.stories["comments"]
    views_before = view_count(read_pk)
    recorder = Recorder()
    acknowledged: list[str] = []
    refused: list[tuple[str, int]] = []
    sent: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()
    marks: dict[str, float] = {}

    def reader():
        while not stop.is_set():
            recorder.add(ctx.site.get(read_url, kind="read"))
            time.sleep(0.05)

    def poster(members: list[Member]):
        for turn in range(10_000):
            if stop.is_set():
                return
            member = members[turn % len(members)]
            key = str(uuid.uuid4())
            with lock:
                sent.append(key)
            data = comment_data(comments_pk, key, f"Restart test comment {key}.")
            status = post_until_acknowledged(
                ctx, member, data, recorder, time.monotonic() + 60
            )
            with lock:
                if status == 302:
                    acknowledged.append(key)
                else:
                    refused.append((key, status))
            time.sleep(0.4)

    def restarter():
        time.sleep(RESTART_AT)
        marks["stop"] = time.monotonic()
        ctx.postgres.stop()
        marks["down"] = time.monotonic()
        ctx.postgres.start()
        marks["up"] = time.monotonic()
        time.sleep(max(0, RESTART_SECONDS - RESTART_AT - (marks["up"] - marks["stop"])))
        stop.set()

    poster_members = ctx.members[50:110]
    targets = [reader] * 4 + [
        lambda group=poster_members[i::3]: poster(group) for i in range(3)
    ]
    run_threads([*targets, restarter], timeout=RESTART_SECONDS + 120)

    answers = recorder.snapshot()
    up = marks["up"]
    after_grace = [a for a in answers if a.started >= up + GRACE_SECONDS]
    late_errors = [a for a in after_grace if a.status >= 500 or a.status == 0]
    failures = [a for a in answers if a.status >= 500 or a.status == 0]
    not_outage_page = [a for a in failures if not a.is_outage_page]
    reads = [a for a in answers if a.kind == "read"]
    reads_ok = [a for a in reads if a.status == 200]
    unexpected = [
        a
        for a in answers
        if a.status not in (0, 503) and a.status != (200 if a.kind == "read" else 302)
    ]
    connections.close_all()
    rows = Comment.objects.filter(submission_key__in=sent)
    stored = {str(key) for key in rows.values_list("submission_key", flat=True)}
    lost = [key for key in acknowledged if key not in stored]
    duplicates = len(sent) - len(set(sent)) + (rows.count() - len(stored))
    views_after = view_count(read_pk)

    restart_took = up - marks["stop"]
    ctx.check(
        "restart",
        "PostgreSQL restarted mid-run",
        f"fast shutdown and start took {restart_took:.1f} s; {len(answers)} requests "
        f"({describe_statuses(answers)})",
        True,
    )
    ctx.check(
        "restart",
        f"no 5xx from {GRACE_SECONDS} s after the restart on",
        f"{len(late_errors)} of {len(after_grace)} requests; the last 503 began "
        f"{(max((a.started for a in failures), default=up) - up) * 1000:+.0f} ms "
        "from PostgreSQL's return",
        not late_errors and after_grace,
    )
    ctx.check(
        "restart",
        "during the outage: the 503 page with Retry-After",
        f"{len(failures) - len(not_outage_page)} of {len(failures)} failed answers"
        + (
            f"; others: {describe_statuses(not_outage_page)}" if not_outage_page else ""
        ),
        not not_outage_page,
    )
    ctx.check(
        "restart",
        "only the expected answers (200 reads, 302 posts, 503 outage)",
        f"{len(unexpected)} unexpected"
        + (f" ({describe_statuses(unexpected)})" if unexpected else ""),
        not unexpected,
    )
    ctx.check(
        "restart",
        "every comment acknowledged and stored",
        f"{len(acknowledged)} acknowledged of {len(sent)} sent, {len(lost)} lost, "
        f"{len(refused)} refused",
        acknowledged and not lost and not refused,
    )
    ctx.check(
        "restart",
        "no duplicate comment",
        f"{rows.count()} rows for {len(stored)} submission keys",
        duplicates == 0 and rows.count() == len(acknowledged),
    )
    ctx.check(
        "restart",
        "the view counter equals the successful reads",
        f"counter +{views_after - views_before}, {len(reads_ok)} reads answered 200 "
        f"(of {len(reads)})",
        views_after - views_before == len(reads_ok),
    )


# 2. PostgreSQL down for 10 s ------------------------------------------------------


def scenario_outage(ctx: Context) -> None:
    log(f"\n2. PostgreSQL down for {OUTAGE_SECONDS} s ...")
    recorder = Recorder()
    stop = threading.Event()
    marks: dict[str, float] = {}
    member = ctx.members[120]
    paths = ["/", ctx.stories["reading"][1], "/cases/", "/search/?q=knowledge"]

    def visitor(path: str):
        while not stop.is_set():
            recorder.add(ctx.site.get(path, kind="visitor"))
            time.sleep(0.1)

    def signed_in():
        while not stop.is_set():
            recorder.add(ctx.site.get("/cases/", member, kind="member"))
            time.sleep(0.1)

    def operator():
        time.sleep(3)
        marks["stop"] = time.monotonic()
        ctx.postgres.stop()
        marks["down"] = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        marks["start"] = time.monotonic()
        ctx.postgres.start()
        marks["up"] = time.monotonic()
        time.sleep(RECOVERY_SECONDS + 5)
        stop.set()

    run_threads(
        [*(lambda p=p: visitor(p) for p in paths), signed_in, operator],
        timeout=OUTAGE_SECONDS + 120,
    )
    answers = recorder.snapshot()
    down = [a for a in answers if marks["down"] <= a.started < marks["start"]]
    slowest = max((a.seconds for a in down), default=0.0)
    not_page = [a for a in answers if a.status != 200 and not a.is_outage_page]
    after = [a for a in answers if a.status == 200 and a.started >= marks["up"]]
    first_ok = min((a.started + a.seconds for a in after), default=None)
    recovery = None if first_ok is None else first_ok - marks["up"]
    late = [
        a
        for a in answers
        if a.started >= marks["up"] + RECOVERY_SECONDS and a.status != 200
    ]
    ctx.check(
        "outage",
        f"requests fail fast while PostgreSQL is down (< {FAIL_FAST_SECONDS} s)",
        f"{len(down)} requests, slowest {slowest * 1000:.0f} ms, "
        f"p50 {percentile([a.seconds for a in down], 0.5) * 1000:.0f} ms",
        down and slowest < FAIL_FAST_SECONDS,
    )
    ctx.check(
        "outage",
        "with the 503 page and Retry-After",
        f"{sum(a.is_outage_page for a in down)} of {len(down)}"
        + (f"; others: {describe_statuses(not_page)}" if not_page else ""),
        down and not not_page,
    )
    ctx.check(
        "outage",
        "recovers by itself when PostgreSQL is back",
        "no answer 200 after the start"
        if recovery is None
        else f"first 200 after {recovery * 1000:.0f} ms; {len(late)} errors from "
        f"{RECOVERY_SECONDS} s on",
        recovery is not None and recovery < RECOVERY_SECONDS and not late,
    )


# 3. Concurrency ------------------------------------------------------------------


def burst(calls: list) -> list[Answer]:
    """Send every call at the same moment, each from its own thread."""
    barrier = threading.Barrier(len(calls))
    answers: list[Answer | None] = [None] * len(calls)

    def run(index: int, call):
        barrier.wait()
        answers[index] = call()

    run_threads([lambda i=i, c=c: run(i, c) for i, c in enumerate(calls)], timeout=120)
    return [a for a in answers if a is not None]


def scenario_concurrency(ctx: Context) -> None:
    log("\n3. Concurrency through HTTP ...")
    from django.conf import settings
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from comments.models import Comment, Flag
    from events.models import Registration

    connections.close_all()
    site = ctx.site

    # Double-submitted comments: 10 members each send one form 5 times at once.
    comments_pk, _ = ctx.stories["comments"]
    posts = []
    keys = []
    for member in ctx.members[0:10]:
        key = str(uuid.uuid4())
        keys.append(key)
        data = comment_data(comments_pk, key, f"Sent five times at once {key}.")
        posts += [
            lambda m=member, d=data: site.post("/comments/post/", m, d, timeout=90)
        ] * 5
    answers = burst(posts)
    rows = Comment.objects.filter(submission_key__in=keys).count()
    locations = {}
    for index, answer in enumerate(answers):
        locations.setdefault(keys[index // 5], set()).add(
            answer.headers.get("location")
        )
    same_answer = all(len(found) == 1 for found in locations.values())
    ctx.check(
        "concurrency",
        "a comment sent 5 times at once makes one row",
        f"{len(keys)} forms x 5: {rows} rows; answers {describe_statuses(answers)}"
        + ("; each copy sent to the same comment" if same_answer else ""),
        rows == len(keys) and same_answer and all(a.status == 302 for a in answers),
    )

    # Simultaneous flags: the comment is hidden once, at the threshold.
    threshold = settings.COMMENT_FLAG_THRESHOLD
    flag_path = f"/comments/{ctx.flag_comment}/flag/"
    answers = burst(
        [
            lambda m=m: site.post(
                flag_path, m, {"reason": "spam", "note": ""}, timeout=90
            )
            for m in ctx.members[11:21]
        ]
    )
    comment = Comment.objects.get(pk=ctx.flag_comment)
    flags = Flag.objects.filter(comment=comment).count()
    notices = sum(
        1
        for kwargs in DBTaskResult.objects.filter(
            task_path="comments.tasks.notify_moderators_of_flags"
        ).values_list("args_kwargs", flat=True)
        if (kwargs or {}).get("kwargs", {}).get("comment_id") == comment.pk
    )
    accepted = sum(a.status == 302 for a in answers)
    # Flags keep counting while the comment waits for a moderator; its status
    # changes once, and the moderators are told once.
    ctx.check(
        "concurrency",
        "simultaneous flags hide the comment exactly once",
        f"10 flags at once (threshold {threshold}): {flags} recorded, status "
        f"{comment.status}, {notices} moderator notice; answers "
        f"{describe_statuses(answers)}",
        flags == accepted >= threshold
        and comment.status == Comment.Status.PENDING
        and notices == 1
        and all(a.status in (302, 400, 404) for a in answers),
    )

    # Registrations for the last places.
    event_pk, event_url = ctx.event
    answers = burst(
        [
            lambda m=m: site.post(f"{event_url}register/", m, {}, timeout=90)
            for m in ctx.members[21:41]
        ]
    )
    registered = Registration.objects.filter(
        event_id=event_pk, status=Registration.Status.REGISTERED
    ).count()
    waiting = Registration.objects.filter(
        event_id=event_pk, status=Registration.Status.WAITLISTED
    ).count()
    ctx.check(
        "concurrency",
        "simultaneous registrations never exceed capacity",
        f"20 members at once for 5 places: {registered} registered, {waiting} "
        f"waiting; answers {describe_statuses(answers)}",
        registered == 5 and waiting == 15 and all(a.status == 302 for a in answers),
    )

    # Simultaneous reads, each by a new visitor.
    views_pk, views_url = ctx.stories["views"]
    before = view_count(views_pk)
    answers = burst([lambda: site.get(views_url, timeout=90)] * 100)
    counted = view_count(views_pk) - before
    ok = sum(a.status == 200 for a in answers)
    ctx.check(
        "concurrency",
        "simultaneous views count exactly",
        f"100 new visitors at once: {ok} pages, counter +{counted}; answers "
        f"{describe_statuses(answers)}",
        counted == ok == 100,
    )


# 4. Healthy under load -------------------------------------------------------------


SEARCH_WORDS = ["knowledge", "sharing", "digital", "learning", "korea", "water"]


def scenario_soak(ctx: Context) -> None:
    log(f"\n4. Mixed traffic for {SOAK_SECONDS} s at {SOAK_RATE:.0f} requests/s ...")
    site = ctx.site
    members = ctx.members[121:200]
    soak_pk, _ = ctx.stories["soak"]
    rng = random.Random(8)
    total = int(SOAK_SECONDS * SOAK_RATE)
    plan: list[tuple[float, str, str]] = []
    for index in range(total):
        roll = rng.random()
        if roll < 0.70:
            kind, target = "read", rng.choice([*ctx.reading_paths, "/", "/cases/"])
        elif roll < 0.95:
            word = rng.choice(SEARCH_WORDS)
            kind = "search"
            target = rng.choice([f"/search/?q={word}", f"/cases/?q={word}"])
        else:
            kind, target = "comment", ""
        plan.append((index / SOAK_RATE, kind, target))

    pool = 16
    # Requests in flight are bounded by the pool: when the site falls behind, the
    # slots it cannot take are skipped (and counted), so the run ends on time.
    work: queue.Queue = queue.Queue(maxsize=pool)
    skipped: list[int] = []
    recorder = Recorder()
    counter = iter(range(10**9))
    counter_lock = threading.Lock()
    started = time.monotonic()

    def worker():
        while True:
            item = work.get()
            if item is None:
                return
            _, kind, target = item
            with counter_lock:
                turn = next(counter)
            member = members[turn % len(members)] if turn % 2 else None
            if kind == "comment":
                member = members[turn % len(members)]
                key = str(uuid.uuid4())
                data = comment_data(soak_pk, key, f"Soak comment {key}.")
                recorder.add(site.post("/comments/post/", member, data, kind=kind))
            else:
                recorder.add(site.get(target, member, kind=kind))

    def dispatcher():
        for item in plan:
            delay = started + item[0] - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            try:
                work.put_nowait(item)
            except queue.Full:
                skipped.append(1)
        for _ in range(pool):
            work.put(None)

    warmup = min(10.0, SOAK_SECONDS / 5)
    samples: dict[str, dict[int, int]] = {}

    def sampler():
        time.sleep(warmup)
        samples["start"] = ctx.server.worker_rss()

    run_threads(
        [dispatcher, sampler, *([worker] * pool)], timeout=SOAK_SECONDS * 2 + 120
    )
    elapsed = time.monotonic() - started
    samples["end"] = ctx.server.worker_rss()
    answers = recorder.snapshot()
    errors = [a for a in answers if a.status != (302 if a.kind == "comment" else 200)]
    latencies = [a.seconds for a in answers]
    growth = {}
    for pid, start_rss in samples.get("start", {}).items():
        if pid in samples["end"]:
            growth[pid] = (samples["end"][pid] - start_rss) / start_rss
    same_workers = set(samples.get("start", {})) == set(samples["end"])
    worst = max(growth.values(), default=float("inf"))
    rss_text = "; ".join(
        f"worker {n + 1}: {samples['start'][pid] / 2**20:.0f} -> "
        f"{samples['end'][pid] / 2**20:.0f} MiB ({growth[pid]:+.1%})"
        for n, pid in enumerate(sorted(growth))
    )
    by_kind = {
        kind: sum(a.kind == kind for a in answers)
        for kind in ("read", "search", "comment")
    }
    ctx.check(
        "soak",
        "zero errors under mixed traffic",
        f"{len(answers)} requests in {elapsed:.0f} s ({len(answers) / elapsed:.1f}/s "
        f"of {SOAK_RATE:.0f}/s offered, {len(skipped)} skipped while busy: "
        f"{by_kind['read']} reads, {by_kind['search']} searches, "
        f"{by_kind['comment']} comments); p50 "
        f"{percentile(latencies, 0.5) * 1000:.0f} ms, p99 "
        f"{percentile(latencies, 0.99) * 1000:.0f} ms; {len(errors)} errors"
        + (f" ({describe_statuses(errors)})" if errors else ""),
        answers and not errors,
    )
    ctx.check(
        "soak",
        f"memory of each worker flat (growth < {RSS_GROWTH_LIMIT:.0%} after "
        f"{warmup:.0f} s of warm-up)",
        (rss_text or "no sample") + ("" if same_workers else "; workers were replaced"),
        growth and same_workers and worst < RSS_GROWTH_LIMIT,
    )


# Report ----------------------------------------------------------------------------


def machine() -> str:
    cpu = cpu_model()
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def postgres_version(postgres: Postgres) -> str:
    import psycopg

    with psycopg.connect(
        host=postgres.socket_dir, user="postgres", dbname="postgres"
    ) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version} (embedded, unix socket)"


def report(ctx_checks: list[Check], header: list[str], seconds: float) -> str:
    def cell(text: str) -> str:
        return re.sub(r"\s+", " ", text).replace("|", "\\|")

    lines = [
        "# Reliability run",
        "",
        *header,
        f"- whole run: {seconds:.0f} s",
        "",
        "| scenario | promise | measured | held |",
        "|---|---|---|---|",
    ]
    for check in ctx_checks:
        lines.append(
            f"| {check.scenario} | {cell(check.promise)} | {cell(check.measured)} | "
            f"{'yes' if check.passed else '**NO**'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    chosen = [name for name in argv if name in SCENARIOS] or list(SCENARIOS)
    unknown = [name for name in argv if name not in SCENARIOS]
    if unknown:
        log(f"Unknown scenario(s) {unknown}; choose from {', '.join(SCENARIOS)}.")
        return 2
    began = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="kshub-reliability-"))
    log(f"Starting PostgreSQL in {workdir} ...")
    postgres = Postgres(workdir)
    server = None
    checks: list[Check] = []
    header: list[str] = []
    try:
        postgres.create_database(DATABASE)
        env = site_environment(postgres, workdir)
        for name in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"):
            os.environ.pop(name, None)
        os.environ.update(env)
        prepare_database()
        members: list[Member] = []
        seeded = seed(members)
        from django.conf import settings
        from django.db import connections

        connections.close_all()
        log(f"Starting gunicorn ({WORKERS} workers x {THREADS} threads) ...")
        server = Gunicorn(environment(env), workdir, workers=WORKERS, threads=THREADS)
        ctx = Context(
            postgres=postgres,
            server=server,
            site=Site(
                server.port, settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME
            ),
            members=members,
            env=env,
            workdir=workdir,
            **seeded,
        )
        header = [
            f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            f"- machine: {machine()}",
            f"- database: {postgres_version(postgres)}",
            f"- site: gunicorn, production settings, {WORKERS} workers x {THREADS} "
            "threads (gthread), sessions in the database, no Redis",
            f"- restart run {RESTART_SECONDS} s (restart after {RESTART_AT} s), "
            f"outage {OUTAGE_SECONDS} s, soak {SOAK_SECONDS} s at {SOAK_RATE:.0f} "
            "requests/s",
        ]
        runners = {
            "restart": scenario_restart,
            "outage": scenario_outage,
            "concurrency": scenario_concurrency,
            "soak": scenario_soak,
            "redis": scenario_redis,
            "mail": scenario_mail,
        }
        for name in chosen:
            try:
                runners[name](ctx)
            except Exception as error:  # one broken scenario must not hide the rest
                ctx.check(
                    name, "scenario ran", f"{type(error).__name__}: {error}", False
                )
        checks = ctx.checks
    finally:
        if server is not None:
            server.stop()
            if any(not check.passed for check in checks):
                tail = server.log_path.read_text()[-4000:]
                log("\ngunicorn log (end):\n" + tail)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: S110 — Django may not be set up yet
            pass
        postgres.cleanup()
        remove_tree(workdir)

    text = report(checks, header, time.monotonic() - began)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text)
    log("\n" + text)
    log(f"Written to {OUTPUT.relative_to(ROOT)}.")
    failed = [check for check in checks if not check.passed]
    if failed or not checks:
        log(f"{len(failed)} promise(s) did not hold.")
        return 1
    log("Every promise held.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
