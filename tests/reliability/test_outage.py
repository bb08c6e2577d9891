"""A database outage answers a generic 503 page, and a failed request writes nothing."""

import pytest
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory
from django.urls import reverse

from cases.models import CaseStory
from core.outage import RETRY_AFTER_SECONDS, unavailable_response
from kshub.settings.base import database_from_url
from moderation.models import ContactMessage
from tests import factories

URLS = "tests.reliability.outage_urls"


def assert_generic_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    text = response.content.decode()
    assert "KS Hub is briefly unavailable" in text
    for leak in ("Traceback", "OperationalError", "PGSQL", "socket", "closed"):
        assert leak not in text


def refuse(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def test_unavailable_page_renders_without_the_database():
    # No django_db mark: any query here would fail the test.
    response = unavailable_response(RequestFactory().get("/"))
    assert_generic_503(response)
    assert '<html lang="en">' in response.content.decode()


def test_unavailable_page_speaks_the_visitors_language():
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="fr">' in unavailable_response(request).content.decode()


@pytest.mark.django_db
@pytest.mark.urls(URLS)
def test_outage_in_a_view_answers_503_with_retry_after(client):
    assert_generic_503(client.get("/test/database-gone/"))


@pytest.mark.django_db
@pytest.mark.urls(URLS)
def test_outage_interface_error_answers_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise InterfaceError("connection already closed")

    client.force_login(factories.MemberFactory())
    monkeypatch.setattr(SessionStore, "load", broken)
    client.raise_request_exception = False
    assert_generic_503(client.get("/"))


@pytest.mark.django_db
def test_outage_while_loading_the_session_answers_503(client, monkeypatch):
    client.force_login(factories.MemberFactory())
    monkeypatch.setattr(SessionStore, "load", refuse)
    client.raise_request_exception = False
    assert_generic_503(client.get("/cases/"))


@pytest.mark.django_db
def test_outage_while_saving_the_session_answers_503(client, member, monkeypatch):
    # The session is saved by its middleware after the view: the error is turned
    # into a 500 inside the stack, and answered as the outage it is.
    monkeypatch.setattr(SessionStore, "save", refuse)
    client.raise_request_exception = False
    signing_in = {"login": member.email, "password": factories.PASSWORD}
    assert_generic_503(client.post(reverse("account_login"), signing_in))


@pytest.mark.django_db
@pytest.mark.urls(URLS)
def test_outage_leaves_other_errors_as_500(client):
    client.raise_request_exception = False
    response = client.get("/test/write-then-bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.django_db(transaction=True)
def test_outage_after_counting_a_view_counts_nothing(client, monkeypatch):
    case = factories.CaseStoryFactory()
    with monkeypatch.context() as patch:
        # The database goes in the response's way out, after the view counted.
        patch.setattr(MessageMiddleware, "process_response", refuse)
        client.raise_request_exception = False
        assert_generic_503(client.get(case.get_absolute_url()))
    case.refresh_from_db()
    assert case.view_count == 0
    # Once the database answers again, the same visitor's read counts once.
    assert client.get(case.get_absolute_url()).status_code == 200
    case.refresh_from_db()
    assert case.view_count == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(URLS)
def test_outage_rolls_back_what_the_request_wrote(client):
    assert_generic_503(client.get("/test/write-then-database-gone/"))
    assert not ContactMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(URLS)
def test_outage_rolls_back_a_request_that_failed_with_500(client):
    client.raise_request_exception = False
    assert client.get("/test/write-then-bug/").status_code == 500
    assert not ContactMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_outage_middleware_commits_a_successful_request(client):
    case = factories.CaseStoryFactory()
    assert client.get(case.get_absolute_url()).status_code == 200
    assert CaseStory.objects.get(pk=case.pk).view_count == 1


def test_database_from_url_fails_fast_unless_the_url_says_otherwise():
    assert database_from_url("postgres://u@db.internal/kshub")["OPTIONS"] == {
        "connect_timeout": 2,
        "options": "-c jit=off -c synchronize_seqscans=off",
    }
    options = database_from_url("postgres://u@/kshub?host=/run/pg&connect_timeout=5")[
        "OPTIONS"
    ]
    assert options == {
        "connect_timeout": 5,
        "host": "/run/pg",
        "options": "-c jit=off -c synchronize_seqscans=off",
    }
