"""Two app servers, one PostgreSQL, one Redis: any server answers any request."""

import http.client
import os
import re
import urllib.parse
import uuid
from http.cookies import SimpleCookie

import pytest
import redis
from django.contrib.auth.models import Group
from django.db import connection

from comments.models import Comment
from members.models import MODERATORS_GROUP
from tests.deploy.prodenv import (
    CLEARED,
    PRODUCTION_ENV,
    collect_static,
    database_url,
    start_gunicorn,
)
from tests.factories import PASSWORD, CaseStoryFactory, MemberFactory, ModeratorFactory

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = "redis://127.0.0.1:6379/14"


class Browser:
    """One member's browser: keeps its cookies whichever server it talks to, as
    behind a load balancer; the servers think they are behind an HTTPS proxy."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, data: dict | None = None):
        headers = {
            "Host": f"127.0.0.1:{port}",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            token = self.cookies.get("__Host-csrftoken", "")
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{port}"
            headers["Referer"] = f"https://127.0.0.1:{port}{path}"
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            text = response.read().decode()
        finally:
            client.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, **data):
        return self.request(port, "POST", path, data=data)

    def sign_in(self, port: int, email: str):
        self.get(port, "/accounts/login/")
        status, _, page = self.post(
            port, "/accounts/login/", login=email, password=PASSWORD
        )
        assert status == 302, re.findall(
            r'class="errorlist[^>]*>(.*?)</ul>', page, re.S
        )
        assert "__Host-sessionid" in self.cookies


@pytest.fixture
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("No Redis on 127.0.0.1:6379 (the CI script starts one).")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def two_servers(shared_redis, tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in CLEARED},
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(connection.settings_dict),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "WEB_CONCURRENCY": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    collect_static(env)
    servers = [start_gunicorn(env, tmp_path / f"{name}.log") for name in ("a", "b")]
    try:
        yield [port for port, _ in servers]
    finally:
        for _, process in servers:
            process.terminate()
        for _, process in servers:
            process.wait(timeout=30)


def comment_form(story, body: str) -> dict:
    return {
        "target": "cases.casestory",
        "object_id": story.pk,
        "body": body,
        "submission_key": str(uuid.uuid4()),
    }


def test_two_app_servers_share_sessions_moderation_and_rate_limits(
    two_servers, settings
):
    a, b = two_servers
    # Passwords hashed as production verifies them (tests use a fast hasher).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    story = CaseStoryFactory(title="Mapping disaster risk in Indonesia")
    member = MemberFactory()
    # A data migration makes the group; an earlier transactional test may have
    # flushed it away.
    Group.objects.get_or_create(name=MODERATORS_GROUP)
    moderator = ModeratorFactory()

    # Signed in on A, comments on B: the session lives in Redis.
    browser = Browser()
    browser.sign_in(a, member.email)
    status, _, _ = browser.post(
        b, "/comments/post/", **comment_form(story, "Seen from server B.")
    )
    assert status == 302
    comment = Comment.objects.get(body="Seen from server B.")
    assert comment.author == member
    assert "Seen from server B." in browser.get(a, story.get_absolute_url())[2]

    # A moderator hides it on A; B stops showing it at once.
    desk = Browser()
    desk.sign_in(a, moderator.email)
    status, _, _ = desk.post(
        a, f"/moderation/comments/{comment.pk}/hide/", reason="Off-topic"
    )
    assert status == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN
    status, _, page = Browser().get(b, story.get_absolute_url())
    assert status == 200
    assert "Seen from server B." not in page

    # A new account may post two comments a minute: the second on A uses up the
    # limit, so the third is refused on B.
    status, _, _ = browser.post(
        a, "/comments/post/", **comment_form(story, "Second, from A.")
    )
    assert status == 302
    status, _, page = browser.post(
        b, "/comments/post/", **comment_form(story, "Third, from B.")
    )
    assert status == 429 or 400 <= status < 500
    assert re.search(r"comments? a minute", page)
    assert not Comment.objects.filter(body="Third, from B.").exists()
