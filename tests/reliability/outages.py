"""Outages of the services around the portal, for run_reliability.py: Redis stopped
and started again under load, and a mail server that is down or never answers.

Each starts a gunicorn of its own with the run's environment plus the service's
address, so the other scenarios keep their plain setup.
"""

from __future__ import annotations

import subprocess
import threading
import time
from typing import TYPE_CHECKING

from tests.machine import free_port
from tests.reliability.harness import (
    Gunicorn,
    Member,
    Recorder,
    environment,
    log,
    new_csrf_token,
    percentile,
    run_threads,
)
from tests.security.mailfaults import silent_mail_server

if TYPE_CHECKING:
    from tests.reliability.run_reliability import Context

REDIS_DOWN_SECONDS = 10
# The mail server's timeout (MAILERS in settings): an answer this slow waited on it.
# Sign-up itself is slow (password hashing) on a loaded machine, so the connection
# count, not the time, is what proves a request never talks to the mail server.
MAIL_TIMEOUT_SECONDS = 10
ACCOUNTS_PER_CASE = 5


class Redis:
    """A redis-server of the run's own, on a free port, without persistence."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(  # noqa: S603 — a fixed command
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(0.5)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def scenario_redis(ctx: Context) -> None:
    log(f"\n5. Redis stopped for {REDIS_DOWN_SECONDS} s under load ...")
    redis = Redis()
    server = Gunicorn(environment({**ctx.env, "REDIS_URL": redis.url}), ctx.workdir)
    try:
        _redis_under_load(ctx, server, redis)
    finally:
        server.stop()
        redis.stop()


def _redis_under_load(ctx: Context, server: Gunicorn, redis: Redis) -> None:
    site = ctx.site.on(server.port)
    recorder = Recorder()
    stop = threading.Event()
    marks: dict[str, float] = {}
    members = ctx.members[130:134]
    paths = ["/", ctx.stories["reading"][1], "/cases/", "/search/?q=knowledge"]
    health: list[str] = []

    def reader(path: str, member: Member | None):
        while not stop.is_set():
            recorder.add(site.get(path, member, kind="member" if member else "visitor"))
            time.sleep(0.05)

    def operator():
        time.sleep(5)
        redis.stop()
        marks["down"] = time.monotonic()
        time.sleep(REDIS_DOWN_SECONDS / 2)
        health.append(site.get("/healthz").body)
        time.sleep(REDIS_DOWN_SECONDS / 2)
        marks["up"] = time.monotonic()
        redis.start()
        time.sleep(8)
        stop.set()

    readers = [lambda p=p: reader(p, None) for p in paths]
    readers += [lambda m=m, p=p: reader(p, m) for m in members for p in paths[:2]]
    run_threads([*readers, operator], timeout=REDIS_DOWN_SECONDS + 120)
    answers = recorder.snapshot()
    errors = [a for a in answers if a.status >= 500 or a.status == 0]
    down = [a for a in answers if marks["down"] <= a.started < marks["up"]]
    before = [a.seconds for a in answers if a.started < marks["down"]]
    signed_in = [site.get("/me/", m).status for m in members]
    ctx.check(
        "redis",
        "no 5xx while Redis is stopped and started again",
        f"{len(answers)} requests; p50 {percentile(before, 0.5) * 1000:.0f} ms "
        f"before, {percentile([a.seconds for a in down], 0.5) * 1000:.0f} ms "
        f"while it was down ({len(down)} requests); {len(errors)} errors",
        answers and down and not errors,
    )
    ctx.check(
        "redis",
        "no member signed out by the outage",
        f"/me/ after it: {signed_in}",
        signed_in == [200] * len(members),
    )
    ctx.check(
        "redis",
        "/healthz says degraded while Redis is down",
        health[0][:80] if health else "no answer",
        bool(health) and '"degraded"' in health[0],
    )


def scenario_mail(ctx: Context) -> None:
    log("\n6. Sign-up and password reset with the mail server down, then hung ...")
    refused = free_port()  # nothing listens there
    _mail_case(ctx, "down", refused, lambda: 0)
    with silent_mail_server() as (port, connections):
        _mail_case(ctx, "hung", port, connections)


def _mail_case(ctx: Context, case: str, port: int, connections) -> None:
    from django_tasks_db.models import DBTaskResult

    from members.models import Institution, User

    env = {**ctx.env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    server = Gunicorn(environment(env), ctx.workdir)
    site = ctx.site.on(server.port)
    queued = DBTaskResult.objects.filter(task_path="members.mail.deliver_message")
    before_tasks, before_users = queued.count(), User.objects.count()
    institution = Institution.objects.order_by("pk").values_list("pk", flat=True)[0]
    visitor = Member(0, "", new_csrf_token())
    try:
        answers = [
            site.post("/accounts/signup/", visitor, _signup(case, n, institution))
            for n in range(ACCOUNTS_PER_CASE)
        ]
        answers += [
            site.post(
                "/accounts/password/reset/",
                visitor,
                {"email": User.objects.get(pk=member.pk).email},
            )
            for member in ctx.members[140 + 10 * (case == "hung") :][:ACCOUNTS_PER_CASE]
        ]
        offered = connections()
    finally:
        server.stop()
    statuses = sorted({a.status for a in answers})
    slowest = max(a.seconds for a in answers)
    stored = User.objects.count() - before_users
    mails = queued.count() - before_tasks
    ctx.check(
        "mail",
        f"mail server {case}: sign-up and reset answer 302, none waits for it "
        f"(< its {MAIL_TIMEOUT_SECONDS} s timeout)",
        f"{len(answers)} answers {statuses}, p50 "
        f"{percentile([a.seconds for a in answers], 0.5) * 1000:.0f} ms, slowest "
        f"{slowest * 1000:.0f} ms",
        statuses == [302] and slowest < MAIL_TIMEOUT_SECONDS,
    )
    ctx.check(
        "mail",
        f"mail server {case}: every account stored, every mail queued for later"
        + (", no request connected to it" if case == "hung" else ""),
        f"{stored} accounts, {mails} mails queued"
        + (f", {offered} connections from requests" if case == "hung" else ""),
        stored == ACCOUNTS_PER_CASE and mails == 2 * ACCOUNTS_PER_CASE and offered == 0,
    )


def _signup(case: str, n: int, institution: int) -> dict:
    return {
        "display_name": f"Reliability {case} {n}",
        "email": f"reliability-{case}-{n}@example.org",
        "password1": "blue-Harbour-lantern-42",
        "password2": "blue-Harbour-lantern-42",
        "country": "CL",
        "institution": institution,
        "phone_number": "",
    }
