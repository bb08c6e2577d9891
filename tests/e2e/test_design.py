"""The design on a phone, on every page type: a header at most 100 px tall at 375 px
and no horizontal scrolling at 320 px, in English, Spanish and French; on list pages
the first result within the first screen; the Menu and filter disclosures work
without JavaScript; and compressed pages."""

import pytest
from django.conf import settings

from tests.e2e.pages import PAGE_NAMES

PHONE_375 = {"width": 375, "height": 740}
PHONE_320 = {"width": 320, "height": 640}
HEADER_LIMIT = 100
FIRST_SCREEN = 740
LANGUAGES = ("en", "es", "fr")
# The list pages and their first result.
LISTS = {
    "case-list-filtered": "main .card-list > li",
    "event-list": "main .card-list > li",
    "blog-list": "main .card-list > li",
    "member-list": "main .card-list > li",
    "institution-list": "main .card-list > li",
    "search": "main .search-results > li",
}


def _open(new_context, page_type, *, viewport, language="en", javascript=True):
    """A page type as its user, in a language, without pressing its form."""
    from members.models import User
    from tests.e2e.conftest import MEMBER_EMAIL, MODERATOR_EMAIL

    user = None
    if page_type.user:
        email = MEMBER_EMAIL if page_type.user == "member" else MODERATOR_EMAIL
        user = User.objects.get(email=email)
    context = new_context(user=user, viewport=viewport, javascript=javascript)
    page = context.new_page()
    _visit(page, page_type, language)
    return page


def _visit(page, page_type, language: str) -> None:
    """Open the page type in ``page``'s context, in ``language`` (English as the
    browser's own, any other by the language cookie)."""
    if language != "en":
        page.context.add_cookies(
            [
                {
                    "name": settings.LANGUAGE_COOKIE_NAME,
                    "value": language,
                    "domain": "127.0.0.1",
                    "path": "/",
                }
            ]
        )
    response = page.goto(page_type.path)
    # A form with errors is measured as it first opens: the same header and layout.
    expected = 200 if page_type.submit else page_type.status
    assert response.status == expected, (page_type.name, response.status)
    assert page.locator("html").get_attribute("lang") == language


def _horizontal_overflow(page) -> dict | None:
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            const wide = [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .slice(0, 5)
                .map(el => el.outerHTML.slice(0, 120));
            return {scrollWidth: document.documentElement.scrollWidth, width, wide};
        }"""
    )


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_phone_layout_in_every_language(name, page_types, new_context):
    """In each language, in one browser context: the header fits at 375 px, and
    at 320 px nothing scrolls sideways."""
    page = _open(new_context, page_types[name], viewport=PHONE_375)
    for language in LANGUAGES:
        if language != "en":
            page.set_viewport_size(PHONE_375)
            _visit(page, page_types[name], language)
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= HEADER_LIMIT, f"{name} ({language}): header {height:.0f} px"
        page.set_viewport_size(PHONE_320)
        overflow = _horizontal_overflow(page)
        assert overflow is None, f"{name} ({language}) at 320 px: {overflow}"


@pytest.mark.parametrize("name", list(LISTS))
def test_first_result_is_on_the_first_screen_of_a_phone(name, page_types, new_context):
    page = _open(new_context, page_types[name], viewport=PHONE_375)
    first = page.locator(LISTS[name]).first
    top = first.bounding_box()["y"]
    assert top < FIRST_SCREEN, f"{name}: the first result starts at {top:.0f} px"


def test_menu_and_filters_open_without_javascript(page_types, new_context):
    page = _open(
        new_context,
        page_types["case-list-filtered"],
        viewport=PHONE_375,
        javascript=False,
    )
    main_nav = page.get_by_role("navigation", name="Main")
    assert not main_nav.is_visible()
    page.locator(".menu > summary").click()
    assert main_nav.get_by_role("link", name="Case stories").is_visible()
    page.locator(".menu > summary").click()
    assert not main_nav.is_visible()
    facets = page.locator(".facets")
    assert not facets.is_visible()
    summary = page.locator(".filters > summary")
    assert summary.inner_text() == "Filter (1 active)"
    summary.click()
    assert facets.is_visible()


def test_desktop_header_is_one_row_with_no_menu_button(page_types, new_context):
    for language in LANGUAGES:
        page = _open(
            new_context,
            page_types["home"],
            viewport={"width": 1280, "height": 800},
            language=language,
        )
        assert not page.locator(".menu > summary").is_visible()
        assert page.locator(".menu-panel nav").first.is_visible()
        assert page.locator(".search-form input").is_visible()
        height = page.locator(".site-header").bounding_box()["height"]
        assert height <= 64, f"{language}: header {height:.0f} px at 1280 px"
        page.context.close()


def test_speakers_are_folded_on_a_phone_and_shown_on_a_desktop(page_types, new_context):
    phone = _open(new_context, page_types["event"], viewport=PHONE_375)
    speakers = phone.locator(".speakers ul").first
    assert not speakers.is_visible()
    desktop = _open(
        new_context, page_types["event"], viewport={"width": 1280, "height": 800}
    )
    assert desktop.locator(".speakers ul").first.is_visible()


@pytest.mark.parametrize(
    "name", ["home", "case-list-filtered", "case-story", "event", "sign-up-errors"]
)
def test_dark_scheme_keeps_its_contrast(name, page_types, browser, live_site):
    from tests.e2e.test_accessibility import AXE, violations_report

    context = browser.new_context(
        base_url=live_site.url, color_scheme="dark", viewport=PHONE_375
    )
    try:
        page = context.new_page()
        page.goto(page_types[name].path)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background != "rgb(255, 255, 255)", "the dark scheme is not applied"
        page.locator("details").evaluate_all(
            "all => all.forEach(details => { details.open = true; })"
        )
        results = AXE.run(
            page,
            options={
                "runOnly": {
                    "type": "rule",
                    "values": ["color-contrast", "link-in-text-block"],
                },
                "resultTypes": ["violations"],
            },
        )
        violations = results.response["violations"]
        assert not violations, f"{name} (dark):\n" + violations_report(violations)
    finally:
        context.close()


def test_style_guide_passes_axe_and_fits_a_phone(settings, browser, live_site):
    from tests.e2e.test_accessibility import AXE, WCAG_TAGS, violations_report

    settings.ROOT_URLCONF = "kshub.dev_urls"
    context = browser.new_context(base_url=live_site.url, viewport=PHONE_320)
    try:
        page = context.new_page()
        assert page.goto("/styleguide/").status == 200
        results = AXE.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        violations = results.response["violations"]
        assert not violations, "styleguide:\n" + violations_report(violations)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE_320["width"]
    finally:
        context.close()
