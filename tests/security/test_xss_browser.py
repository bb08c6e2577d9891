"""Hostile input in a real browser: the XSS corpus, written into every field a
member controls, opens no dialog, breaks no content security policy rule and
reaches no other origin in Chromium, on the case story, post, comment thread,
profile and list pages, a story's and a post's history and outdated banner,
and the unsubscribe page.

The HTML-level checks are in ``test_hostile_input.py``; this shows what a browser
makes of the same pages (its own parsing, URL normalisation and event handling).
"""

import pytest
from django.utils import timezone

from members.mail import site_url
from members.models import Institution
from notifications.followable import object_key
from notifications.mail import unsubscribe_url
from notifications.services import follow
from tests import factories
from tests.browser import launch_chromium, missing_browser
from tests.security.test_hostile_input import LONG, XSS, pack

pytestmark = [
    # The live server's thread reads what the test wrote: it must be committed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(missing_browser()), reason=str(missing_browser())),
]

# Runs before any script of the page: keeps every CSP violation the page causes.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI} (${event.sample})`
  );
});
"""
# What the browser made of links and forms after parsing and normalising them.
DANGEROUS_URLS = """
() => [...document.querySelectorAll("[href], [src], [action], [formaction]")]
  .flatMap((element) => ["href", "src", "action", "formaction"]
    .filter((name) => element.hasAttribute(name))
    .map((name) => element[name] || element.getAttribute(name)))
  .filter((url) => /^\\s*(javascript|vbscript|data:text)/i.test(String(url)))
"""
EVENT_HANDLERS = """
() => [...document.querySelectorAll("*")].flatMap((element) =>
  [...element.attributes]
    .filter((attribute) => attribute.name.startsWith("on"))
    .map((attribute) => `<${element.localName} ${attribute.name}>`))
"""


def hostile_world() -> list[str]:
    """Stories, posts, comments, replies and profiles full of the corpus; the
    addresses of the pages that show them."""
    from cases import corrections
    from core import curation

    institution = factories.InstitutionFactory(
        name=pack(180, 0) or "x", acronym=pack(30, 1), description=LONG
    )
    moderator = factories.ModeratorFactory()
    paths = ["/", "/cases/", "/blog/", "/members/", institution.get_absolute_url()]
    for part in range(3):
        author = factories.MemberFactory(username=f"writer{part}")
        Institution.objects.filter(pk=institution.pk).update(verified=True)
        profile = author.profile
        profile.display_name = pack(100, part)
        profile.position = pack(150, part)
        profile.bio = LONG[:2000]
        profile.institution = institution
        profile.listed_in_directory = True
        # Their comments and stories show the official badge with the acronym.
        profile.institution_confirmed_at = timezone.now()
        profile.speaks_for_institution = True
        profile.save()
        case = factories.CaseStoryFactory(
            author=author,
            lead_institution=institution,
            title=pack(200, part),
            summary=pack(300, part),
            context=LONG,
            challenge=LONG,
            solution=LONG,
            results=LONG,
            lessons=LONG,
            tags=[text[:100] for text in XSS[part::3]],
        )
        post = factories.PostFactory(
            author=author, title=pack(200, part), summary=pack(300, part), body=LONG
        )
        for target in (case, post):
            for text in XSS[part::3]:
                comment = factories.CommentFactory(
                    target=target, author=author, body=text
                )
            factories.CommentFactory(
                target=target, author=author, parent=comment, body=LONG
            )
        # Its history holds the corpus on both sides of a difference; its
        # outdated banner shows the corpus as the note.
        correction = corrections.suggest_correction(
            case_story=case,
            proposer=factories.MemberFactory(),
            results=pack(2000, part + 1),
        )
        corrections.accept_correction(correction=correction, reviewer=author)
        curation.mark_outdated(case, reviewer=moderator, note=LONG[:2000])
        post.body = pack(2000, part + 1)
        post.save()
        curation.mark_outdated(post, reviewer=moderator, note=LONG[:2000])
        paths += [
            case.get_absolute_url(),
            f"{case.get_absolute_url()}history/",
            post.get_absolute_url(),
            f"{post.get_absolute_url()}history/",
            f"/members/{author.username}/",
        ]
    # The unsubscribe page names the followed post, and needs no sign-in.
    follow(member=author, key=object_key(post))
    link = unsubscribe_url(member_id=author.pk, key=object_key(post))
    return [*paths, link.removeprefix(site_url())]


def test_xss_corpus_is_inert_in_chromium(live_server):
    from playwright.sync_api import sync_playwright

    paths = hostile_world()
    dialogs, foreign = [], []
    findings = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            context = browser.new_context(base_url=live_server.url)
            context.add_init_script(RECORD_VIOLATIONS)
            page = context.new_page()
            page.on(
                "dialog",
                lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()),
            )
            page.on(
                "request",
                lambda request: (
                    None
                    if request.url.startswith((live_server.url, "data:", "blob:"))
                    else foreign.append(request.url)
                ),
            )
            console_csp = []
            page.on(
                "console",
                lambda message: (
                    console_csp.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            for path in paths:
                response = page.goto(path, wait_until="load")
                assert response.status == 200, path
                # Let anything that a load or error event queued run.
                page.wait_for_timeout(150)
                findings[path] = {
                    "csp": page.evaluate("window.__cspViolations"),
                    "urls": page.evaluate(DANGEROUS_URLS),
                    "handlers": page.evaluate(EVENT_HANDLERS),
                }
            context.close()
        finally:
            browser.close()
    assert len(paths) == 21
    assert dialogs == []
    assert foreign == []
    assert console_csp == []
    problems = {path: found for path, found in findings.items() if any(found.values())}
    assert problems == {}
