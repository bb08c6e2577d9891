"""The desk's curation for a scoped moderator: the due-for-review queue,
corrections, broken links and translations show what the scope covers, and an
action on anything else is refused (403) and leaves nothing in the audit log."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cases import corrections
from cases.models import CaseStory, Correction, Dimension
from core.models import AuditEntry
from moderation.models import BrokenLink, BrokenLinkPlace
from tests.factories import (
    CaseStoryFactory,
    DocumentFactory,
    EventFactory,
    MemberFactory,
    PostFactory,
    ScopedModeratorFactory,
)

pytestmark = pytest.mark.django_db

PAST = timezone.localdate() - datetime.timedelta(days=3)
MEASURING = "measuring-results"
SCOPE = "dimension:measuring-results"


@pytest.fixture
def scoped_client(client):
    client.force_login(ScopedModeratorFactory(username="measurer"))
    return client


def _story(dimension: str, **kwargs) -> CaseStory:
    return CaseStoryFactory(
        dimensions=[Dimension.objects.get(slug=dimension)], **kwargs
    )


def _inside_and_outside(**kwargs) -> tuple[CaseStory, CaseStory]:
    return (
        _story(MEASURING, title="Inside the scope", **kwargs),
        _story("financing-business-models", title="Far away", **kwargs),
    )


def test_review_queue_shows_and_decides_within_the_scope_only(scoped_client):
    inside, outside = _inside_and_outside(review_by=PAST)
    page = scoped_client.get(reverse("moderation:reviews"))
    assert page.status_code == 200
    assert inside.title in page.text
    assert outside.title not in page.text
    assert page.context["due_counts"]["case"] == 1
    done = scoped_client.post(f"/moderation/reviews/case/{inside.pk}/current/", {})
    assert done.status_code == 302
    for action in ("current", "outdated", "archive"):
        refused = scoped_client.post(
            f"/moderation/reviews/case/{outside.pk}/{action}/", {"note": "Old."}
        )
        assert refused.status_code == 403
    outside.refresh_from_db()
    assert (outside.review_by, outside.outdated, outside.status) == (
        PAST,
        False,
        "published",
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_id, entry.scope) == (
        "review-current",
        inside.pk,
        SCOPE,
    )


def test_event_scope_reviews_the_events_posts_and_documents(client):
    event = EventFactory(slug="hlm2")
    client.force_login(ScopedModeratorFactory(scope=("event", "hlm2")))
    report = PostFactory(title="Seoul report", event=event, review_by=PAST)
    other = PostFactory(title="Other report", review_by=PAST)
    document = DocumentFactory(title="Seoul communiqué", event=event, review_by=PAST)
    elsewhere = DocumentFactory(title="Bali communiqué", review_by=PAST)
    posts = client.get("/moderation/reviews/?kind=post").text
    assert report.title in posts
    assert other.title not in posts
    documents = client.get("/moderation/reviews/?kind=document").text
    assert document.title in documents
    assert elsewhere.title not in documents
    for path, status in (
        (f"/moderation/reviews/post/{report.pk}/archive/", 302),
        (f"/moderation/reviews/post/{other.pk}/archive/", 403),
        (f"/moderation/reviews/document/{elsewhere.pk}/current/", 403),
    ):
        assert client.post(path).status_code == status, path
    assert list(AuditEntry.objects.values_list("action", "scope")) == [
        ("archive", "event:hlm2")
    ]


def test_language_scope_reviews_content_in_its_language(client):
    client.force_login(ScopedModeratorFactory(scope=("language", "es")))
    spanish = _story(MEASURING, title="Historia", language="es", review_by=PAST)
    english = _story(MEASURING, title="Story", language="en", review_by=PAST)
    page = client.get(reverse("moderation:reviews")).text
    assert spanish.title in page
    assert english.title not in page


def test_corrections_wait_for_the_scoped_moderator_within_the_scope(scoped_client):
    inside, outside = _inside_and_outside()
    proposer = MemberFactory()
    mine = corrections.suggest_correction(
        case_story=inside, proposer=proposer, results="Corrected inside."
    )
    theirs = corrections.suggest_correction(
        case_story=outside, proposer=proposer, results="Corrected far away."
    )
    queue = scoped_client.get(reverse("moderation:corrections"))
    assert queue.status_code == 200
    assert list(queue.context["items"]) == [mine]
    detail = scoped_client.get(mine.get_absolute_url())
    assert "Accept and publish" in detail.text
    assert scoped_client.get(theirs.get_absolute_url()).status_code == 403
    refused = scoped_client.post(f"{theirs.get_absolute_url()}accept/", {"note": ""})
    assert refused.status_code == 403
    accepted = scoped_client.post(f"{mine.get_absolute_url()}accept/", {"note": ""})
    assert accepted.status_code == 302
    statuses = dict(Correction.objects.values_list("pk", "status"))
    assert statuses == {mine.pk: "accepted", theirs.pk: "pending"}
    entry = AuditEntry.objects.get(action="accept-correction")
    assert (entry.target_id, entry.scope) == (inside.pk, SCOPE)


def _broken_link(url: str, *items) -> BrokenLink:
    link = BrokenLink.objects.create(
        url=url,
        host="gone.example.org",
        status_code=404,
        last_checked_at=timezone.now(),
        found_on=[
            {"label": "Case story", "title": item.title, "url": ""} for item in items
        ],
    )
    for item in items:
        BrokenLinkPlace.objects.create(
            link=link,
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
        )
    return link


def test_broken_links_found_within_the_scope_are_listed_and_dismissed(scoped_client):
    inside, outside = _inside_and_outside()
    mine = _broken_link("https://gone.example.org/mine", inside, outside)
    theirs = _broken_link("https://gone.example.org/theirs", outside)
    nowhere = _broken_link("https://gone.example.org/resource")
    page = scoped_client.get(reverse("moderation:links"))
    assert list(page.context["items"]) == [mine]
    for link in (theirs, nowhere):
        refused = scoped_client.post(f"/moderation/links/{link.pk}/dismiss/")
        assert refused.status_code == 403
    done = scoped_client.post(f"/moderation/links/{mine.pk}/dismiss/")
    assert done.status_code == 302
    dismissed = BrokenLink.objects.exclude(dismissed_at=None)
    assert list(dismissed) == [mine]
    assert AuditEntry.objects.get().scope == SCOPE


def test_translations_desk_lists_and_links_within_the_scope(scoped_client):
    inside, outside = _inside_and_outside()
    page = scoped_client.get(reverse("moderation:translations"))
    assert page.status_code == 200
    assert inside.title in page.text
    assert outside.title not in page.text
    version = _story(MEASURING, title="Dentro", language="es")
    foreign = _story("financing-business-models", title="Lejos", language="es")
    link = reverse("moderation:translation-link")
    refused = scoped_client.post(
        link, {"kind": "case", "original": outside.slug, "translation": foreign.slug}
    )
    assert refused.status_code == 403
    linked = scoped_client.post(
        link, {"kind": "case", "original": outside.slug, "translation": version.slug}
    )
    assert linked.status_code == 302
    assert CaseStory.objects.get(pk=version.pk).translation_of == outside
    assert CaseStory.objects.get(pk=foreign.pk).translation_of is None
    assert AuditEntry.objects.get().scope == SCOPE


def test_desk_home_counts_curation_within_the_scope(scoped_client):
    inside, outside = _inside_and_outside(review_by=PAST)
    proposer = MemberFactory()
    for story in (inside, outside):
        corrections.suggest_correction(
            case_story=story, proposer=proposer, lessons="Corrected."
        )
    _broken_link("https://gone.example.org/mine", inside)
    _broken_link("https://gone.example.org/theirs", outside)
    desk = scoped_client.get(reverse("moderation:desk"))
    assert desk.context["curation"] == {"reviews": 1, "corrections": 1, "links": 1}
    for name in ("reviews", "corrections", "links", "translations"):
        assert reverse(f"moderation:{name}") in desk.text
    assert reverse("moderation:themes") not in desk.text
    assert scoped_client.get(reverse("moderation:themes")).status_code == 403
