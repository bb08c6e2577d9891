"""Curation over time on the ground floor: review dates, the due queue, the
reviewer's decisions, and outdated content ranked after current content."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from blog.models import Post
from cases import services as case_services
from cases.models import CaseStory
from core import curation
from core.models import AuditEntry
from events.models import Document
from tests.factories import (
    CaseStoryFactory,
    DocumentFactory,
    DraftCaseStoryFactory,
    PostFactory,
)
from tests.listed import stories as listed

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_publishing_sets_the_review_date_two_years_on(moderator, settings):
    settings.CONTENT_REVIEW_INTERVAL_DAYS = 730
    case = DraftCaseStoryFactory(status=CaseStory.Status.SUBMITTED)
    case_services.publish_case_story(case_story=case, moderator=moderator)
    case.refresh_from_db()
    published_on = timezone.localdate(case.published_at)
    assert case.review_by == published_on + datetime.timedelta(days=730)


def test_due_for_review_holds_published_current_items_whose_date_came():
    due = CaseStoryFactory(review_by=TODAY - datetime.timedelta(days=1))
    # No date stored (loaded in bulk): the interval after publication decides.
    old = CaseStoryFactory(published_at=days_ago(800))
    CaseStoryFactory(review_by=TODAY + datetime.timedelta(days=1))
    CaseStoryFactory(published_at=days_ago(100))
    CaseStoryFactory(review_by=TODAY - datetime.timedelta(days=5), outdated=True)
    DraftCaseStoryFactory(review_by=TODAY - datetime.timedelta(days=5))
    found = list(CaseStory.objects.due_for_review(TODAY))
    assert set(found) == {due, old}


def test_documents_and_posts_share_the_due_queue():
    post = PostFactory(review_by=TODAY)
    document = DocumentFactory()
    Document.objects.filter(pk=document.pk).update(created_at=days_ago(1000))
    assert list(Post.objects.due_for_review(TODAY)) == [post]
    assert list(Document.objects.due_for_review(TODAY)) == [document]


def test_mark_current_moves_the_review_on_and_lifts_an_outdated_mark(moderator):
    case = CaseStoryFactory(
        review_by=TODAY, outdated=True, outdated_note="Old.", review_reminded_at=TODAY
    )
    case = curation.mark_current(case, reviewer=moderator)
    today = timezone.localdate()
    assert case.last_reviewed_at == today
    assert case.review_by == curation.default_review_by(today)
    assert not case.outdated
    assert case.outdated_note == ""
    assert case.review_reminded_at is None
    assert AuditEntry.objects.get().action == "review-current"


def test_mark_current_refuses_a_past_date_and_non_moderators(moderator, member):
    case = CaseStoryFactory()
    with pytest.raises(ValidationError):
        curation.mark_current(
            case, reviewer=moderator, review_by=datetime.date(2000, 1, 1)
        )
    with pytest.raises(PermissionDenied):
        curation.mark_current(case, reviewer=member)
    assert not AuditEntry.objects.exists()


def test_mark_outdated_keeps_the_item_published_with_a_note(moderator):
    case = CaseStoryFactory()
    successor = CaseStoryFactory()
    curation.mark_outdated(
        case,
        reviewer=moderator,
        note="The agency merged in 2020.",
        successor_url=successor.get_absolute_url(),
    )
    case.refresh_from_db()
    assert case.status == CaseStory.Status.PUBLISHED
    assert case.outdated
    assert case.successor_url == successor.get_absolute_url()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.reason) == (
        "review-outdated",
        "The agency merged in 2020.",
    )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "//evil.example.org/",
        '/cases/"><script>',
        "data:text/html,x",
        "ftp://example.org/",
        "https://exa mple.org/",
    ],
)
def test_mark_outdated_refuses_hostile_successor_addresses(moderator, url):
    case = CaseStoryFactory()
    with pytest.raises(ValidationError):
        curation.mark_outdated(case, reviewer=moderator, note="Old.", successor_url=url)
    case.refresh_from_db()
    assert not case.outdated


def test_mark_outdated_requires_a_note(moderator):
    with pytest.raises(ValidationError):
        curation.mark_outdated(CaseStoryFactory(), reviewer=moderator, note="  ")


def test_outdated_stories_come_after_current_ones_in_lists_and_search(client):
    old = CaseStoryFactory(title="Water kiosks", published_at=days_ago(10))
    new = CaseStoryFactory(title="Water meters", published_at=days_ago(1))
    for case in (old, new):
        case_services.refresh_search_vector(case_story=case)
    CaseStory.objects.filter(pk=new.pk).update(outdated=True)
    assert listed(client.get("/cases/")) == [old, new]
    assert listed(client.get("/cases/?q=water")) == [old, new]
    # Still readable, with its badge on the card.
    assert "Outdated" in client.get("/cases/").text
    assert client.get(new.get_absolute_url()).status_code == 200


def test_to_remind_once_per_review_cycle(moderator):
    soon = CaseStoryFactory(review_by=TODAY + datetime.timedelta(days=20))
    CaseStoryFactory(review_by=TODAY + datetime.timedelta(days=60))
    assert list(CaseStory.objects.to_remind(TODAY)) == [soon]
    curation.mark_reminded(CaseStory.objects.to_remind(TODAY), on=TODAY)
    assert not CaseStory.objects.to_remind(TODAY).exists()
    curation.mark_current(soon, reviewer=moderator)
    soon.refresh_from_db()
    assert soon.review_reminded_at is None


def test_only_published_content_is_reviewed(moderator):
    draft = DraftCaseStoryFactory()
    with pytest.raises(ValidationError):
        curation.mark_current(draft, reviewer=moderator)
    with pytest.raises(ValidationError):
        curation.mark_outdated(draft, reviewer=moderator, note="Old.")
    assert not AuditEntry.objects.exists()
