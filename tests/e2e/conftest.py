"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

One live server thread serves the test database, into which the demo content is
loaded once and committed; one browser serves the whole session and every test gets
fresh contexts. Because the data is committed, these tests run after every other
test of the session. They are skipped when Chromium or Playwright is missing.
"""

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser import launch_chromium, missing_browser

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MEMBER_EMAIL = "member@kshub.example"
MODERATOR_EMAIL = "moderator@kshub.example"


def _is_e2e(item: pytest.Item) -> bool:
    return Path(str(item.path)).resolve().is_relative_to(E2E_DIR)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last (their data is committed), or skip them."""
    e2e = [item for item in items if _is_e2e(item)]
    if not e2e:
        return
    reason = missing_browser()
    for item in e2e:
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
        items.remove(item)
    items.extend(e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@dataclass
class LiveSite:
    url: str


def _restore_migration_data() -> None:
    """Tests with transaction=True flush every table, data migrations' rows too:
    put back the ten dimensions, their discussion spaces and the Moderators group."""
    from importlib import import_module

    from django.apps import apps

    from tests import factories

    import_module("cases.migrations.0003_dimensions").create_dimensions(apps, None)
    spaces = import_module("discussions.migrations.0002_dimension_spaces")
    spaces.create_spaces(apps, None)
    factories.moderators_group()


@contextlib.contextmanager
def _test_database():
    """The test database: pytest-django's, or one made here when no other test
    of the session asked for one (it sets up only the databases tests request)."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.test.utils import setup_databases, teardown_databases

    connection = connections[DEFAULT_DB_ALIAS]
    test_name = connection.creation._get_test_db_name()
    if connection.settings_dict["NAME"] == test_name:
        yield
        return
    config = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS})
    try:
        assert connection.settings_dict["NAME"] == test_name
        yield
    finally:
        connections.close_all()
        teardown_databases(config, verbosity=0)


def _end_server_connections() -> None:
    """The server's threads may still hold connections (a keep-alive socket keeps
    its thread, and its connection, open): end them so the database can be dropped."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop on this thread, and Django refuses
    ORM calls while one runs; tests here use the ORM to prepare data and check it."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def live_site(
    _orm_beside_playwright, django_db_setup, django_db_blocker, tmp_path_factory
):
    """The portal, served by a thread of this process on the test database."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.cache import caches
    from django.db import connections
    from django.test.testcases import LiveServerThread
    from django.test.utils import override_settings

    from demo.content import load_demo

    media = tmp_path_factory.mktemp("e2e-media")
    overrides = override_settings(MEDIA_ROOT=str(media))
    overrides.enable()
    with django_db_blocker.unblock(), _test_database():
        _restore_migration_data()
        load_demo()
        for cache in caches.all():  # pages and counters kept by earlier tests
            cache.clear()
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        url = f"http://127.0.0.1:{server.port}"
        # Links in mail lead to this server, as they lead to SITE_URL in production.
        site = override_settings(SITE_URL=url)
        site.enable()
        try:
            yield LiveSite(url=url)
        finally:
            site.disable()
            server.terminate()
            _end_server_connections()
            connections.close_all()
            overrides.disable()


@pytest.fixture(autouse=True)
def _e2e_db_access(request, django_db_blocker):
    """Browser tests read and write the live server's data directly."""
    if "live_site" not in request.fixturenames:
        yield
        return
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="session")
def browser(_orm_beside_playwright, live_site):
    """Chromium, closed before the live server stops (its open keep-alive
    connections hold database connections of the server's threads)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


def _artifact_name(item: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid.split("::", 1)[-1]).strip("-")


@pytest.fixture
def new_context(request, browser, live_site):
    """Make browser contexts; on failure, screenshot every page they still hold."""
    contexts = []

    def make(*, javascript: bool = True, viewport: dict | None = None, user=None):
        context = browser.new_context(
            base_url=live_site.url,
            java_script_enabled=javascript,
            viewport=viewport or DESKTOP,
            accept_downloads=True,
            locale="en-GB",
        )
        context.set_default_timeout(10_000)
        if user is not None:
            sign_in_context(context, live_site, user)
        contexts.append(context)
        return context

    yield make

    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )
    for number, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for index, page in enumerate(context.pages):
                path = (
                    ARTIFACTS / f"{_artifact_name(request.node)}-{number}-{index}.png"
                )
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(path), full_page=True)
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def sign_in_context(context, live_site: LiveSite, user) -> None:
    """Give a browser context the session cookie of a signed-in user."""
    from django.test import Client

    client = Client()
    client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[0])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": live_site.url}]
    )


def demo_password() -> str:
    from demo.content import demo_password

    return demo_password()


def sign_in(page, email: str, password: str | None = None) -> None:
    """Sign in through the real form, starting from the current page."""
    password = password or demo_password()
    account = page.get_by_role("navigation", name="Your account")
    account.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="session")
def page_types(live_site, django_db_blocker):
    """Every page type, with something waiting on the desk and in the audit log."""
    from comments.models import Comment
    from core.audit import record
    from members.models import User
    from ning.models import Redirect
    from tests import factories
    from tests.e2e.pages import GONE_NING_ADDRESS, resolve_page_types

    with django_db_blocker.unblock():
        moderator = User.objects.get(email=MODERATOR_EMAIL)
        factories.CaseStoryFactory(
            status="submitted", published_at=None, title="A story waiting for review"
        )
        comment = Comment.objects.filter(status="visible").order_by("pk").first()
        factories.FlagFactory(comment=comment)
        factories.KnowledgeRequestFactory(
            title="A request waiting for review", awaiting_review=True
        )
        record(actor=moderator, action="publish", target=comment, reason="Example")
        _assessments_for_the_pages()
        Redirect.objects.get_or_create(old_path=GONE_NING_ADDRESS)
        return resolve_page_types(member_email=MEMBER_EMAIL)


def _assessments_for_the_pages() -> None:
    """The demo member's institution gets two more submitted assessments, so its
    latest result page shows a change, and five more peers one each, visible to
    members, so that page lists more institutions strong where it is weak."""
    import datetime

    from django.utils import timezone

    from members.models import Profile
    from tests import factories

    institution = Profile.objects.get(user__email=MEMBER_EMAIL).institution
    earlier = timezone.now() - datetime.timedelta(days=365)
    factories.submitted_assessment(
        institution=institution, score=1.5, submitted_at=earlier
    )
    factories.submitted_assessment(
        institution=institution, score=3.0, scores={"measuring-results": 1.75}
    )
    for score in (1.0, 2.0, 2.5, 3.0, 3.5):
        factories.submitted_assessment(score=score, visibility="members")


def open_page(new_context, page_type, *, on_page=None, before_submit=None, **options):
    """Open a page type in a fresh context as its user; press its form's submit
    button when it is a form with errors. Returns the page and the last response.

    ``on_page(page)`` runs before the first request, ``before_submit()`` before the
    form is sent."""
    from members.models import User

    user = None
    if page_type.user:
        email = MEMBER_EMAIL if page_type.user == "member" else MODERATOR_EMAIL
        user = User.objects.get(email=email)
    page = new_context(user=user, **options).new_page()
    if on_page:
        on_page(page)
    response = page.goto(page_type.path)
    if page_type.submit:
        if options.get("javascript", True):
            # Server-side errors: the browser's own checks would stop the form.
            page.locator("form").evaluate_all(
                "forms => forms.forEach(form => { form.noValidate = true; })"
            )
        if before_submit:
            before_submit()
        with page.expect_navigation() as navigation:
            page.get_by_role("main").get_by_role(
                "button", name=page_type.submit, exact=True
            ).click()
        response = navigation.value
        assert page.locator(".errorlist").count() > 0, page_type.name
    assert response.status == page_type.status, (page_type.name, response.status)
    return page, response
