"""What people do on the portal, in a real browser, with and without JavaScript."""

import re
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from cases.models import CaseStory
from comments.models import Comment
from core.models import AuditEntry
from events.models import Event
from members.models import Institution, User
from tests import factories
from tests.e2e.conftest import PHONE, open_page, sign_in
from tests.e2e.pages import PAGE_NAMES

expect = pytest.importorskip("playwright.sync_api").expect

# Both variants of every journey: the portal must work without JavaScript.
javascript = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])

STORY_LINK = (
    "main a[href^='/cases/']:not([href*='?']):not([href*='#'])"
    ":not([href='/cases/']):not([href='/cases/new/']):not([href*='/feed/'])"
)
CONFIRM_LINK = re.compile(r"https?://[^\s\"<>]+/accounts/confirm-email/[^\s\"<>]+")


def minimal_pdf() -> bytes:
    """A small, valid one-page PDF with a correct cross-reference table."""
    stream = b"BT /F1 12 Tf 72 720 Td (Results of the programme) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def unique(word: str) -> str:
    return f"{word}-{uuid.uuid4().hex[:8]}"


@javascript
def test_newcomer_joins_from_a_case_story_and_comments(
    new_context, live_site, mailoutbox, javascript
):
    page = new_context(javascript=javascript).new_page()
    email = f"{unique('newcomer')}@example.org"
    display_name = f"Ana Newcomer {uuid.uuid4().hex[:4]}"
    comment = f"Our agency tried the same in 2019; it worked. {uuid.uuid4().hex}"

    page.goto("/")
    page.locator(STORY_LINK).first.click()
    expect(page.locator("article.case-story h1")).to_be_visible()
    story_url = page.url
    story_title = page.locator("h1").inner_text()

    page.get_by_role("link", name="Join the community").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join KS Hub")
    page.get_by_label("Display name").fill(display_name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill("a-long-enough-passphrase")
    page.get_by_label("Password (again)", exact=True).fill("a-long-enough-passphrase")
    page.locator("#id_country").select_option("KR")
    page.get_by_label("Institution", exact=True).select_option(
        label=str(Institution.objects.verified().get(acronym="KSP"))
    )
    page.get_by_role("main").get_by_role("button", name="Join").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "e-mail", ignore_case=True
    )
    messages = [m for m in mailoutbox if email in m.to]
    assert len(messages) == 1, [m.subject for m in mailoutbox]
    link = CONFIRM_LINK.search(messages[0].body).group(0)
    page.goto(link.replace("http://testserver", live_site.url))
    page.get_by_role("main").get_by_role("button", name=re.compile("Confirm")).click()

    # Confirming signs the newcomer in and takes them back to the story.
    expect(page).to_have_url(re.compile(re.escape(story_url) + r"(#comments)?$"))
    expect(page.locator("h1")).to_have_text(story_title)
    page.get_by_label("Add a comment").fill(comment)
    page.get_by_role("button", name="Post comment").click()

    expect(page.locator("#comments")).to_contain_text(comment)
    expect(page.locator("#comments")).to_contain_text(display_name)
    user = User.objects.get(email=email)
    assert Comment.objects.filter(author=user, body=comment).count() == 1
    assert user.profile.country.code == "KR"


@javascript
def test_member_submits_a_case_story_with_an_attachment(
    new_context, live_site, javascript
):
    member = factories.MemberFactory()
    page = new_context(javascript=javascript).new_page()
    title = f"Mobile money for rural clinics {uuid.uuid4().hex[:6]}"

    page.goto("/cases/")
    sign_in(page, member.email, factories.PASSWORD)
    expect(page).to_have_url(re.compile(r"/cases/$"))
    page.get_by_role("link", name="Share a case story").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("Clinics were paid on time through phones.")
    page.get_by_label("Context").fill("Three districts, **2019 to 2021**.")
    page.get_by_label("Lead institution").select_option(label=_institution("KSP"))
    page.get_by_label("Knowledge and learning culture").check()
    page.get_by_label("Attach a file").set_input_files(
        files=[
            {
                "name": "results.pdf",
                "mimeType": "application/pdf",
                "buffer": minimal_pdf(),
            }
        ]
    )
    page.get_by_role("button", name="Submit for review").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("article.case-story .badge")).to_have_text(
        "Submitted for review"
    )
    expect(page.get_by_role("link", name="results.pdf")).to_be_visible()
    story = CaseStory.objects.get(title=title)
    assert story.status == CaseStory.Status.SUBMITTED
    assert story.author == member
    assert story.attachments.get().original_name == "results.pdf"
    # Pending stories stay out of the public list.
    page.goto("/cases/?q=" + title.split()[-1])
    expect(page.get_by_role("link", name=title)).to_have_count(0)


@javascript
def test_member_registers_for_an_event_and_downloads_its_calendar(
    new_context, live_site, javascript
):
    member = factories.MemberFactory()
    event = Event.objects.filter(
        registration_open=True, starts_on__gt=timezone.localdate()
    ).first()
    page = new_context(javascript=javascript).new_page()

    page.goto("/events/")
    page.get_by_role("link", name=event.title).click()
    event_url = page.url
    sign_in(page, member.email, factories.PASSWORD)
    expect(page).to_have_url(event_url)
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("region", name="Registration")).to_contain_text(
        "You are registered."
    )
    assert member.registrations.get().status == "registered"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert event.title in text.replace("\r\n ", "")
    response = page.request.get(event_url + "calendar.ics")
    assert response.headers["content-type"].startswith("text/calendar")


@javascript
def test_moderator_publishes_a_story_and_hides_a_flagged_comment(
    new_context, live_site, javascript
):
    author = factories.MemberFactory()
    story = factories.CaseStoryFactory(
        status="submitted",
        author=author,
        published_at=None,
        title=f"Peer reviews of extension services {uuid.uuid4().hex[:6]}",
    )
    commented = factories.CaseStoryFactory()
    body = f"Buy cheap watches at spam.example {uuid.uuid4().hex[:6]}"
    comment = factories.CommentFactory(target=commented, body=body)
    factories.FlagFactory(comment=comment)
    moderator = factories.ModeratorFactory()
    page = new_context(javascript=javascript).new_page()

    page.goto("/")
    sign_in(page, moderator.email, factories.PASSWORD)
    page.get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderation desk")

    page.get_by_role("link", name=re.compile("submitted case stories")).click()
    card = page.locator("li.card").filter(has_text=story.title)
    card.get_by_role("button", name="Publish").click()
    expect(page.locator("li.card").filter(has_text=story.title)).to_have_count(0)
    story.refresh_from_db()
    assert story.status == "published"

    page.get_by_role("link", name="Desk", exact=True).click()
    page.get_by_role("link", name=re.compile("flagged comments")).click()
    card = page.locator("li.card").filter(has_text=body)
    card.locator("summary", has_text="Hide").click()
    card.get_by_label("Reason (optional, for the audit log)").fill("Advertising")
    card.get_by_role("button", name="Hide comment").click()
    expect(page.locator("li.card").filter(has_text=body)).to_have_count(0)
    comment.refresh_from_db()
    assert comment.status == "hidden"

    page.get_by_role("link", name="Desk", exact=True).click()
    page.get_by_role("link", name="The whole audit log").click()
    name = page.get_by_role("cell", name=moderator.profile.display_name, exact=True)
    mine = page.locator("main table tr").filter(has=name)
    expect(mine).to_have_count(2)
    expect(mine.filter(has_text=story.title)).to_contain_text("publish")
    expect(mine.filter(has_text="Advertising")).to_contain_text("hide")
    assert AuditEntry.objects.filter(actor=moderator).count() == 2


def _institution(acronym: str) -> str:
    return str(Institution.objects.verified().get(acronym=acronym))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_fits_a_phone_without_horizontal_scrolling(name, page_types, new_context):
    page, _ = open_page(new_context, page_types[name], viewport=PHONE)
    overflow = page.evaluate(
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
    assert overflow is None, f"{name}: {overflow}"
