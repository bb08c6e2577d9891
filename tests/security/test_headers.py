"""The header contract: every kind of response carries the content security policy,
and under the production settings HSTS, nosniff, a private referrer policy, COOP
and ``__Host-`` cookies."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests import factories
from tests.deploy.prodenv import settings_under
from tests.security.conftest import close_response

pytestmark = pytest.mark.django_db

PROD_NAMES = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SECURE_CSP",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_PATH",
    "SESSION_COOKIE_DOMAIN",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_PATH",
    "CSRF_COOKIE_DOMAIN",
    "X_FRAME_OPTIONS",
]
PRIVATE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


@pytest.fixture(scope="module")
def prod_values():
    """The values the production settings module really has (a fresh interpreter)."""
    values = settings_under(PROD_NAMES)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def prod_settings(settings, prod_values):
    for name, value in prod_values.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["kshub.example", "testserver"]
    return settings


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no CSP on {response.status_code} {response.get('Content-Type')}"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_csp(response) -> None:
    directives = policy(response)
    assert directives.get("default-src") in (["'self'"], ["'none'"])
    script = directives.get("script-src", directives["default-src"])
    assert "'unsafe-inline'" not in script
    assert "'unsafe-eval'" not in script
    assert not any(source in ("*", "data:", "http:", "https:") for source in script)
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src") == ["'none'"]


def kinds_of_response(client, world_bits) -> dict:
    """One response of each kind the site gives."""
    unverified = factories.UserFactory()
    member = world_bits["member"]
    responses = {}
    responses["page"] = client.get("/")
    responses["form"] = client.get("/contact/")
    responses["400 form"] = client.post("/contact/", {"name": ""})
    responses["404"] = client.get("/no-such-page/")
    responses["feed"] = client.get("/cases/feed/")
    responses["blog feed"] = client.get("/blog/feed/")
    responses["sitemap"] = client.get("/sitemap.xml")
    responses["attachment"] = client.get(world_bits["attachment"])
    responses["calendar"] = client.get(
        f"/events/{world_bits['event'].slug}/calendar.ics"
    )
    responses["admin login"] = client.get("/admin/login/")
    responses["sign-in"] = client.get("/accounts/login/")
    client.force_login(unverified)
    responses["403"] = client.get("/cases/new/")
    client.force_login(member)
    responses["export"] = client.get("/me/export/")
    client.logout()
    client.raise_request_exception = False
    responses["500"] = client.get("/test-only/fail/")
    return responses


@pytest.fixture
def world_bits(db, media):
    from tests.security.conftest import PNG

    member = factories.MemberFactory()
    case = factories.CaseStoryFactory(author=member)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.models import Attachment

    attachment = Attachment(
        case_story=case,
        token="headers",
        original_name="pixel.png",
        content_type="image/png",
        size=len(PNG),
    )
    attachment.file.save("pixel.png", SimpleUploadedFile("pixel.png", PNG))
    return {
        "member": member,
        "event": factories.EventFactory(),
        "attachment": f"/cases/{case.slug}/attachments/headers/",
    }


EXPECTED_STATUS = {
    "page": 200,
    "form": 200,
    "400 form": 400,
    "404": 404,
    "feed": 200,
    "blog feed": 200,
    "sitemap": 200,
    "attachment": 200,
    "calendar": 200,
    "admin login": 302,
    "sign-in": 200,
    "403": 403,
    "export": 200,
    "500": 500,
}


def test_every_kind_of_response_carries_the_content_security_policy(
    settings, world_bits
):
    settings.ROOT_URLCONF = "tests.security.urls_faults"
    responses = kinds_of_response(Client(), world_bits)
    assert {kind: r.status_code for kind, r in responses.items()} == EXPECTED_STATUS
    for kind, response in responses.items():
        try:
            assert_csp(response)
            assert response["X-Frame-Options"] == "DENY", kind
            assert response["X-Content-Type-Options"] == "nosniff", kind
        finally:
            close_response(response)


def test_production_settings_add_hsts_referrer_policy_and_coop_everywhere(
    prod_settings, world_bits
):
    prod_settings.ROOT_URLCONF = "tests.security.urls_faults"
    cache.clear()
    client = Client(HTTP_HOST="kshub.example", HTTP_X_FORWARDED_PROTO="https")
    responses = kinds_of_response(client, world_bits)
    assert {kind: r.status_code for kind, r in responses.items()} == EXPECTED_STATUS
    for kind, response in responses.items():
        try:
            assert_csp(response)
            hsts = response["Strict-Transport-Security"]
            assert "max-age=31536000" in hsts, kind
            assert "includeSubDomains" in hsts, kind
            assert response["X-Content-Type-Options"] == "nosniff", kind
            assert response["Referrer-Policy"] in PRIVATE_REFERRER_POLICIES, kind
            assert response["Cross-Origin-Opener-Policy"] == "same-origin", kind
        finally:
            close_response(response)


def test_production_settings_redirect_plain_http_to_https(prod_settings):
    response = Client(HTTP_HOST="kshub.example").get("/about/")
    assert response.status_code == 301
    assert response["Location"] == "https://kshub.example/about/"


def test_production_cookies_are_host_prefixed_secure_and_lax(prod_settings, member):
    cache.clear()
    client = Client(HTTP_HOST="kshub.example", HTTP_X_FORWARDED_PROTO="https")
    form = client.get("/accounts/login/")
    csrf = form.cookies["__Host-csrftoken"]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"
    assert csrf["path"] == "/"
    assert not csrf["domain"]

    response = client.post(
        "/accounts/login/",
        {"login": member.email, "password": factories.PASSWORD},
        HTTP_X_CSRFTOKEN=csrf.value,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    assert session["path"] == "/"
    assert not session["domain"]
    assert "sessionid" not in response.cookies
    assert "csrftoken" not in response.cookies
