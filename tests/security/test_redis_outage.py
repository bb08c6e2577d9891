"""Redis is a cache, not a single point of failure: with the production cache and
session settings and Redis down, every page is built from the database (never a
500), members stay signed in, rate limits keep counting in each worker, /healthz
says "degraded", and when Redis is back nothing cached before the outage is used."""

import pytest
from django.core.cache import cache, caches
from django.test import Client

from core.pagecache import CONTENT, content_version
from core.ratelimit import over_limit
from tests import factories
from tests.deploy.prodenv import settings_under
from tests.machine import free_port

pytestmark = pytest.mark.django_db

LIVE_REDIS = "redis://127.0.0.1:6379/15"


def redis_settings(url: str) -> dict:
    values = settings_under(["CACHES", "SESSION_ENGINE"], REDIS_URL=url)
    values["CACHES"]["release"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
    }
    return values


@pytest.fixture(scope="module")
def down_values():
    return redis_settings(f"redis://127.0.0.1:{free_port()}/0")  # nothing there


@pytest.fixture(scope="module")
def live_values():
    return redis_settings(LIVE_REDIS)


def use(settings, values) -> None:
    for name, value in values.items():
        setattr(settings, name, value)


@pytest.fixture
def redis_down(settings, down_values):
    use(settings, down_values)


def test_pages_are_built_from_the_database_while_redis_is_down(redis_down):
    story = factories.CaseStoryFactory()
    post = factories.PostFactory()
    member = factories.MemberFactory()
    visitor = Client()
    for path in ("/", "/cases/", story.get_absolute_url(), "/blog/", "/search/?q=x"):
        assert visitor.get(path).status_code == 200, path
    assert visitor.get(post.get_absolute_url()).status_code == 200
    assert visitor.get("/accounts/login/").status_code == 200
    signed_in = Client()
    response = signed_in.post(
        "/accounts/login/", {"login": member.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in.get("/me/").status_code == 200
    assert signed_in.get(story.get_absolute_url()).status_code == 200


def test_no_member_is_signed_out_by_a_redis_outage(settings, live_values, down_values):
    use(settings, live_values)
    member = factories.MemberFactory()
    client = Client()
    client.post(
        "/accounts/login/", {"login": member.email, "password": factories.PASSWORD}
    )
    assert client.get("/me/").status_code == 200
    use(settings, down_values)
    assert client.get("/me/").status_code == 200
    use(settings, live_values)
    assert client.get("/me/").status_code == 200


def test_rate_limits_count_in_the_worker_while_redis_is_down(redis_down):
    answers = [over_limit("test:outage", limit=3, period=60) for _ in range(5)]
    assert answers == [False, False, False, True, True]


def test_healthz_says_degraded_while_redis_is_down(redis_down):
    cache.get("anything")
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "unavailable"


def test_nothing_cached_before_an_outage_is_used_after_it(settings, live_values):
    use(settings, live_values)
    before = content_version([CONTENT])
    backend = caches["default"]
    # An outage ends: the next call finds Redis answering again.
    backend._down, backend._down_until = True, 0.0
    assert backend.available
    assert content_version([CONTENT]) != before
