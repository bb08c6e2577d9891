"""Run code in a fresh interpreter under the production settings and given env."""

import json
import os
import subprocess
import sys
import textwrap
import time
import urllib.parse
from pathlib import Path

from tests.machine import free_port

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kshub.settings.prod",
    "SECRET_KEY": "a-production-like-secret-key-with-plenty-of-entropy-0123456789",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/kshub_unused",
    "ALLOWED_HOSTS": "kshub.example",
}
# Variables of the environment running the tests that would change the outcome.
CLEARED = {
    "REDIS_URL",
    "DATABASE_REPLICA_URL",
    "TASKS_BACKEND",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "STATIC_ROOT",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` after django.setup() with the production settings; what it
    prints is returned."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV and key not in CLEARED
    }
    script = "import django\ndjango.setup()\n" + textwrap.dedent(code)
    return subprocess.run(  # noqa: S603 — our own interpreter and code
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_under(names: list[str], **env: str) -> dict:
    """The values of ``names`` in django.conf.settings under the given environment."""
    result = run_python(
        f"""
        import json
        from django.conf import settings
        print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}},
                         default=str))
        """,
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def database_url(settings: dict) -> str:
    host = urllib.parse.quote(settings["HOST"] or "", safe="")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{settings['USER']}@{host}{port}/{settings['NAME']}"


def start_gunicorn(env: dict, log_path) -> tuple[int, subprocess.Popen]:
    """gunicorn on a free port, ready once its own log says it listens there: another
    test's server may grab the port between the probe and the bind, and then this one
    exits and is started again on another port."""
    for _attempt in range(3):
        port = free_port()
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env={**env, "PORT": str(port)},
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if f"Listening at: http://127.0.0.1:{port}" in log_path.read_text():
                return port, process
            time.sleep(0.3)
        process.kill()
        process.wait(timeout=30)
    raise AssertionError("gunicorn did not start: " + log_path.read_text())


def collect_static(env: dict) -> None:
    """Production pages need collectstatic's manifest (hashed names) in STATIC_ROOT."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
