"""axe-core on every page type (WCAG 2.0, 2.1 and 2.2, levels A and AA, and axe's
best practices such as distinct landmark names), and the keyboard: skip link,
visible focus, the main actions with Tab and Enter."""

import uuid

import pytest
from django.utils import timezone

from events.models import Event
from tests import factories
from tests.e2e.conftest import MEMBER_EMAIL, demo_password, open_page
from tests.e2e.pages import PAGE_NAMES

# axe-core itself, as the PyPI package bundles it.
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE = Axe()


def violations_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
            lines.append(f"      {node['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


# Keyboard only.

FOCUS_STYLE = """el => {
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
        ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` : '';
    const shadow = style.boxShadow !== 'none' ? style.boxShadow : '';
    return outline || shadow ? `${outline} ${shadow}`.trim() : '';
}"""

UNSEEN_FOCUS = """() => {
    // Focus every element a keyboard user can reach, as Tab would (so that
    // :focus-visible applies), and compare its style with its style at rest.
    const focusable = 'a[href], button, input:not([type=hidden]), select, textarea,'
        + ' summary, [tabindex]:not([tabindex="-1"])';
    const styleOf = FOCUS_STYLE;
    const unseen = [];
    if (document.activeElement) document.activeElement.blur();
    for (const el of document.querySelectorAll(focusable)) {
        if (el.disabled || el.tabIndex < 0 || !el.getClientRects().length) continue;
        if (el.closest('[inert], [aria-hidden=true]')) continue;
        const resting = styleOf(el);
        el.focus({focusVisible: true});
        if (document.activeElement !== el) continue;
        const focused = styleOf(el);
        if (!el.matches(':focus-visible') || !focused || focused === resting) {
            unseen.push(el.outerHTML.slice(0, 140));
        }
        el.blur();
    }
    return unseen;
}""".replace("FOCUS_STYLE", FOCUS_STYLE)


def tab_to(page, locator, limit: int = 200) -> None:
    """Press Tab until the element is focused, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reaches {locator}")


def test_skip_link_comes_first_and_moves_focus_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box, "the skip link is not rendered"
    assert box["y"] >= 0, "the skip link stays off-screen"
    assert box["height"] > 0, "the skip link stays off-screen"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside = page.evaluate(
        "() => document.getElementById('main').contains(document.activeElement)"
    )
    assert inside, "the next Tab should stay in the main content"


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_passes_axe_and_shows_focus(name, page_types, new_context):
    page, _ = open_page(new_context, page_types[name])
    results = AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    violations = results.response["violations"]
    assert not violations, f"{name}, axe-core:\n" + violations_report(violations)

    page.keyboard.press("Tab")  # from here on the page is used with the keyboard
    unseen = page.evaluate(UNSEEN_FOCUS)
    assert not unseen, f"{name}: no visible focus on {unseen}"


def test_search_with_the_keyboard(page):
    page.goto("/")
    tab_to(page, page.get_by_role("searchbox", name="Search KS Hub"))
    page.keyboard.type("knowledge")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=knowledge")
    assert page.get_by_role("heading", level=1).count() == 1


def test_sign_in_with_the_keyboard(page):
    page.goto("/")
    account = page.get_by_role("navigation", name="Your account")
    tab_to(page, account.get_by_role("link", name="Sign in"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(MEMBER_EMAIL)
    tab_to(page, page.get_by_label("Password", exact=True))
    page.keyboard.type(demo_password())
    tab_to(page, page.get_by_role("main").get_by_role("button", name="Sign in"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    assert account.get_by_role("link", name="My profile").is_visible()


def test_comment_with_the_keyboard(page_types, new_context):
    member = factories.MemberFactory()
    page = new_context(user=member).new_page()
    page.goto(page_types["case-story"].path)
    body = f"Posted with the keyboard alone {uuid.uuid4().hex[:8]}"
    tab_to(page, page.get_by_label("Add a comment"))
    page.keyboard.type(body)
    page.keyboard.press("Tab")
    submit = page.get_by_role("button", name="Post comment")
    assert submit.evaluate("el => el === document.activeElement")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#comments").get_by_text(body).is_visible()


def test_register_with_the_keyboard(new_context):
    member = factories.MemberFactory()
    event = Event.objects.filter(
        registration_open=True, starts_on__gt=timezone.localdate()
    ).first()
    page = new_context(user=member).new_page()
    page.goto(event.get_absolute_url())
    tab_to(page, page.get_by_role("button", name="Register"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    registration = page.get_by_role("region", name="Registration")
    assert "You are registered." in registration.inner_text()


def test_the_checks_catch_a_missing_label_poor_contrast_and_hidden_focus(
    browser, live_site
):
    """The checks above are worth something only if they fail on a broken page."""
    context = browser.new_context(base_url=live_site.url, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.add_style_tag(
            content=".lead, main p { color: #bbb !important; }"
            " :focus-visible { outline: none !important; }"
        )
        page.locator("label[for=id_login]").evaluate("label => label.remove()")
        page.locator("#id_login").evaluate(
            "input => input.removeAttribute('placeholder')"
        )
        results = AXE.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        found = {violation["id"] for violation in results.response["violations"]}
        assert {"label", "color-contrast"} <= found, found
        assert page.evaluate(UNSEEN_FOCUS), "hidden focus went unnoticed"
    finally:
        context.close()
