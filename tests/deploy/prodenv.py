"""Run code in a fresh interpreter under the production settings and given env."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

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
