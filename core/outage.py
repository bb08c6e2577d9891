"""When PostgreSQL cannot be reached: a short 503 page, and nothing left half-done.

``DatabaseOutageMiddleware`` sits just inside the security and static-file
middleware, so it also covers the session and authentication middleware, which read
the database too. It does two things:

- A request runs in one transaction on the default database (unless one is already
  open, as under a test runner), and a request answered with a 5xx is rolled back:
  a page that failed half-way has counted no view and saved no session, so what
  the database holds matches what visitors were shown.
- ``OperationalError`` and ``InterfaceError`` (the server is down, restarting, or
  the connection broke), wherever they are raised while handling the request,
  become a generic 503 page with ``Retry-After``. The page is rendered without
  the request, so no context processor and no template tag touches the database.

With ``CONN_HEALTH_CHECKS`` a connection broken by a restart is noticed at the start
of the next request and replaced, and ``connect_timeout`` keeps a request from
waiting long for a server that does not answer.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connections,
    transaction,
)
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.csp import CSP, build_policy

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
_MARK = "_kshub_database_unavailable"


@receiver(got_request_exception)
def _mark_database_failure(sender, request=None, **kwargs):
    """An inner middleware's error becomes a 500 before this middleware sees it;
    remember that it was the database's, so the 500 can be answered as a 503."""
    if request is not None and isinstance(sys.exception(), DATABASE_ERRORS):
        setattr(request, _MARK, True)


def unavailable_response(request) -> HttpResponse:
    """The generic 503 page; needs neither the database nor the inner middleware."""
    try:
        with translation.override(translation.get_language_from_request(request)):
            body = render_to_string("503.html")
    except Exception:  # the page itself must never fail; plain text will do
        logger.exception("The 503 page could not be rendered")
        body = "Service temporarily unavailable. Please try again in a moment.\n"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # The headers the inner middleware would have added (the outer ones still run).
    for header, config in (
        (CSP.HEADER_ENFORCE, settings.SECURE_CSP),
        (CSP.HEADER_REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY),
    ):
        if config:
            response[str(header)] = build_policy(config, None)
    response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
    return response


def only_the_requests_transaction(connection) -> bool:
    """Whether the one transaction open on ``connection``, if any, is the one
    its request runs in (``DatabaseOutageMiddleware``), not one a caller opened
    around it, such as a test's, which may hold rows no other connection sees."""
    return all(
        getattr(block, "for_the_request", False) for block in connection.atomic_blocks
    )


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        connection = connections[DEFAULT_DB_ALIAS]
        try:
            if connection.in_atomic_block:
                response = self.get_response(request)
            else:
                atomic = transaction.atomic(using=DEFAULT_DB_ALIAS)
                atomic.for_the_request = True
                with atomic:
                    response = self.get_response(request)
                    if response.status_code >= 500:
                        transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
        except DATABASE_ERRORS as error:
            return self._unavailable(request, error)
        if getattr(request, _MARK, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return self._unavailable(request, exception)
        return None

    def _unavailable(self, request, error) -> HttpResponse:
        logger.warning(
            "Database unavailable for %s %s: %s",
            request.method,
            request.path,
            str(error).strip().splitlines()[0] if str(error).strip() else "",
        )
        return unavailable_response(request)
