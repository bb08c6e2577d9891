"""gunicorn with the repository's config serves the site under production settings."""

import json
import os
import time
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from tests.deploy.prodenv import CLEARED, PRODUCTION_ENV, database_url, start_gunicorn


def get(url: str) -> tuple[int, dict, dict]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.load(error)


@pytest.mark.django_db
def test_gunicorn_config_serves_the_health_check_with_workers_from_env(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in CLEARED},
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(connection.settings_dict),
        "WEB_CONCURRENCY": "3",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    port, server = start_gunicorn(env, tmp_path / "error.log")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "error.log").read_text()
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.3)
        assert (status, body["status"]) == (200, "ok")
        # Behind the proxy's X-Forwarded-Proto: https, so no redirect and HSTS set.
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The logs are complete once gunicorn has stopped.
    assert (tmp_path / "error.log").read_text().count("Booting worker") == 3
    assert "GET /healthz" in (tmp_path / "access.log").read_text()
