"""Every cookie the portal can set, under the production settings: each is
``__Host-`` (so Secure, path ``/`` and no Domain), HttpOnly and SameSite=Lax. No
script needs to read any of them: the pages carry no JavaScript and every form
holds its own CSRF token."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core import routers
from core.middleware import ReplicaPinMiddleware
from tests import factories
from tests.deploy.prodenv import settings_under

pytestmark = pytest.mark.django_db

COOKIE_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_DOMAIN",
    "LANGUAGE_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_PATH",
    "LANGUAGE_COOKIE_DOMAIN",
    "MESSAGE_STORAGE",
    "MESSAGES_COOKIE_NAME",
    "VIEW_COUNTS_COOKIE_NAME",
    "REPLICA_PIN_COOKIE_NAME",
]
# Every cookie the portal sets, and why it exists.
PORTAL_COOKIES = {
    "__Host-sessionid": "the signed-in member's session",
    "__Host-csrftoken": "the CSRF token of forms",
    "__Host-language": "the language a visitor chose",
    "__Host-messages": "a notice shown on the next page",
    "__Host-viewed": "which stories and posts this browser has counted",
    "__Host-primary": "read your own writes after a write (with a replica)",
}


@pytest.fixture(scope="module")
def prod_values():
    values = settings_under(COOKIE_SETTINGS)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def prod_cookies(settings, prod_values):
    for name, value in prod_values.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["kshub.example", "testserver"]
    return settings


class Browser(Client):
    """A test client that keeps every Set-Cookie header it was sent."""

    def __init__(self):
        super().__init__(HTTP_HOST="kshub.example", HTTP_X_FORWARDED_PROTO="https")
        self.seen = {}

    def request(self, **request):
        response = super().request(**request)
        # A deleted cookie (sign-out) is no longer set: its removal is left out.
        self.seen.update(
            (name, morsel)
            for name, morsel in response.cookies.items()
            if morsel["max-age"] != 0
        )
        return response


def assert_host_cookie(name, morsel) -> None:
    assert name.startswith("__Host-"), name
    assert morsel["secure"], name
    assert morsel["httponly"], name
    assert morsel["samesite"] == "Lax", name
    assert morsel["path"] == "/", name
    assert not morsel["domain"], name


def test_every_cookie_of_the_portal_is_host_prefixed_secure_and_httponly(
    prod_cookies,
):
    member = factories.MemberFactory()
    member.profile.preferred_language = "fr"
    member.profile.save()
    story = factories.CaseStoryFactory()
    browser = Browser()
    form = browser.get("/accounts/login/")
    token = form.cookies[prod_cookies.CSRF_COOKIE_NAME].value
    browser.post(
        "/i18n/setlang/", {"language": "es", "next": "/"}, HTTP_X_CSRFTOKEN=token
    )
    response = browser.post(
        "/accounts/login/",
        {"login": member.email, "password": factories.PASSWORD},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
    browser.get(story.get_absolute_url())
    browser.post("/accounts/logout/", HTTP_X_CSRFTOKEN=token)

    request = RequestFactory().post("/", secure=True)
    with routers.replica_reads(allowed=False):
        pin = ReplicaPinMiddleware(lambda r: _write_response())(request)
    browser.seen.update(pin.cookies)

    assert set(browser.seen) == set(PORTAL_COOKIES)
    for name, morsel in browser.seen.items():
        assert_host_cookie(name, morsel)


def _write_response() -> HttpResponse:
    routers.PrimaryReplicaRouter().db_for_write(None)
    return HttpResponse()


def test_cookie_names_come_from_the_settings_only(prod_cookies):
    names = {
        prod_cookies.SESSION_COOKIE_NAME,
        prod_cookies.CSRF_COOKIE_NAME,
        prod_cookies.LANGUAGE_COOKIE_NAME,
        prod_cookies.MESSAGES_COOKIE_NAME,
        prod_cookies.VIEW_COUNTS_COOKIE_NAME,
        prod_cookies.REPLICA_PIN_COOKIE_NAME,
    }
    assert names == set(PORTAL_COOKIES)
    assert prod_cookies.CSRF_COOKIE_HTTPONLY
    assert prod_cookies.LANGUAGE_COOKIE_HTTPONLY


def test_a_visitor_with_a_waiting_message_never_gets_the_cached_page(prod_cookies):
    from django.contrib.messages import constants

    from core.messagestorage import CookieStorage

    cache_page = Browser().get("/")  # the visitors' copy is now cached
    assert cache_page.status_code == 200
    request = RequestFactory().get("/", secure=True)
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "A notice for this visitor only")
    carrier = HttpResponse()
    storage.update(carrier)
    browser = Browser()
    browser.cookies[prod_cookies.MESSAGES_COOKIE_NAME] = carrier.cookies[
        prod_cookies.MESSAGES_COOKIE_NAME
    ].value
    assert "A notice for this visitor only" in browser.get("/").text
