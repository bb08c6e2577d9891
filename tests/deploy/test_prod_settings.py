"""Production settings: every optional piece switches on from the environment."""

import re
import urllib.parse
from pathlib import Path

import pytest

from tests.deploy.prodenv import ROOT, run_python, settings_under

REDIS = {"REDIS_URL": "redis://127.0.0.1:6379/15"}


def test_prod_settings_without_redis_share_a_file_cache_between_workers():
    values = settings_under(["CACHES", "SESSION_ENGINE"])
    assert values["CACHES"]["default"]["BACKEND"].endswith("FileBasedCache")
    assert values["SESSION_ENGINE"] == "core.dbsessions"


def test_prod_settings_with_redis_share_cache_and_sessions(db):
    from django.db import connection

    # Sessions are kept in the database too (cached_db): the test database's.
    db = connection.settings_dict
    host = urllib.parse.quote(db["HOST"], safe="")  # a socket folder, perhaps
    url = f"postgres://{db['USER']}@{host}:{db['PORT']}/{db['NAME']}"
    env = {**REDIS, "DATABASE_URL": url}
    result = run_python(
        """
        from django.conf import settings
        from django.core.cache import caches
        from django.contrib.sessions.backends.cached_db import SessionStore
        from django.utils.module_loading import import_string
        from django.core.cache.backends.redis import RedisCache
        cache = caches["default"]
        reused = cache._cache.get_client() is cache._cache.get_client()
        print(isinstance(cache, RedisCache), reused, cache._cache._servers)
        store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
        store["member"] = 42
        store.save()
        print(issubclass(type(store), SessionStore), store.session_key)
        """,
        **env,
    )
    assert result.returncode == 0, result.stderr
    backend_line, session_line = result.stdout.strip().splitlines()[-2:]
    assert backend_line == "True True ['redis://127.0.0.1:6379/15']"
    is_cache_session, key = session_line.split()
    assert is_cache_session == "True"

    # Another process (another app server) finds the session in Redis.
    result = run_python(
        f"""
        from django.conf import settings
        from django.utils.module_loading import import_string
        store = import_string(settings.SESSION_ENGINE + ".SessionStore")({key!r})
        print(store.load().get("member"))
        store.delete()
        """,
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "42"


def test_prod_settings_put_allauth_rate_limits_on_the_shared_cache():
    """allauth counts attempts in the default cache: with Redis, app servers (one
    process each here, behind different proxies) count one client together."""
    attempt = """
        from allauth.core.internal import ratelimit
        from django.test import RequestFactory
        request = RequestFactory().post(
            "/accounts/login/",
            REMOTE_ADDR="10.0.0.{n}",  # the proxy in front of this app server
            HTTP_X_FORWARDED_FOR="198.51.100.7",  # the member's address
        )
        allowed = ratelimit.consume(
            request,
            app="account",
            action="login_failed",
            config={{"login_failed": "2/h/ip"}},
        )
        print(bool(allowed))
        """
    clear = "from django.core.cache import cache\ncache.clear()\nprint('ok')"
    assert run_python(clear, **REDIS).returncode == 0
    # An hour's window: slow process start-ups on a busy machine stay inside it.
    results = [run_python(attempt.format(n=n), **REDIS) for n in range(3)]
    for result in results:
        assert result.returncode == 0, result.stderr
    assert [r.stdout.strip().splitlines()[-1] for r in results] == [
        "True",
        "True",
        "False",
    ]
    cleanup = run_python(clear, **REDIS)
    assert cleanup.returncode == 0, cleanup.stderr


def test_prod_settings_use_the_database_task_queue_by_default():
    values = settings_under(["TASKS", "INSTALLED_APPS"])
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_tasks_db" in values["INSTALLED_APPS"]


def test_prod_settings_refuse_an_unknown_task_backend():
    result = run_python("print('started')", TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be 'database' or 'rq'" in result.stderr


def test_prod_settings_refuse_rq_without_redis():
    result = run_python("print('started')", TASKS_BACKEND="rq")
    assert result.returncode != 0
    assert "TASKS_BACKEND=rq needs REDIS_URL" in result.stderr


def test_prod_settings_add_the_replica_router_only_when_configured():
    plain = settings_under(["DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE"])
    assert set(plain["DATABASES"]) == {"default"}
    assert plain["DATABASE_ROUTERS"] == []
    assert "core.middleware.ReplicaPinMiddleware" not in plain["MIDDLEWARE"]

    replica_url = "postgres://reader@replica.internal:5432/kshub"
    with_replica = settings_under(
        ["DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE"],
        DATABASE_REPLICA_URL=replica_url,
    )
    replica = with_replica["DATABASES"]["replica"]
    assert (replica["HOST"], replica["USER"]) == ("replica.internal", "reader")
    assert replica["TEST"]["MIRROR"] == "default"
    assert with_replica["DATABASE_ROUTERS"] == ["core.routers.PrimaryReplicaRouter"]
    middleware = with_replica["MIDDLEWARE"]
    # Before anything that reads the database (sessions, the signed-in user).
    assert middleware.index("core.middleware.ReplicaPinMiddleware") < (
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    )


def test_prod_settings_keep_uploads_on_local_disk_without_a_bucket():
    values = settings_under(["STORAGES"])
    assert values["STORAGES"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_env_example_lists_every_variable_the_code_reads():
    sources = [
        *(ROOT / "kshub" / "settings" / f"{name}.py" for name in ("base", "prod")),
        ROOT / "gunicorn.conf.py",
    ]
    read = set()
    for source in sources:
        read |= set(
            re.findall(
                r"""(?:environ\.get|environ\[|env_bool|env_list)\(?\s*["']([A-Z0-9_]+)""",
                source.read_text(),
            )
        )
    listed = set(
        re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    assert read, "the pattern found nothing: it no longer matches the settings"
    assert read - listed == set()


@pytest.mark.parametrize("name", ["gunicorn.conf.py", ".env.example"])
def test_deploy_files_exist_at_the_repository_root(name):
    assert Path(ROOT / name).is_file()
