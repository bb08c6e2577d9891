"""The roles demo: an institution editor confirms an official voice; a moderator
scoped to "measuring results" acts there and is refused elsewhere, on the desk's
queues and its curation pages alike."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from cases import services as case_services
from cases.models import CaseStory
from core.models import AuditEntry
from members.models import Profile, User

pytestmark = pytest.mark.django_db


def test_roles_demo_editor_official_voice_and_scoped_moderator(client):
    call_command("load_demo", stdout=None)
    voice = Profile.objects.select_related("institution").get(
        user__username="demo-member"
    )
    assert voice.official_institution.slug == "ksp"
    confirmation = AuditEntry.objects.get(action="grant_official_voice")
    assert confirmation.actor.username == "demo-editor"
    assert AuditEntry.objects.filter(
        action="appoint_editor", actor__username="demo-moderator"
    ).exists()

    scoped = User.objects.get(username="demo-measuring")
    stories = CaseStory.objects.published()
    inside = stories.filter(dimensions__slug="measuring-results").first()
    outside = stories.exclude(dimensions__slug="measuring-results").first()
    case_services.feature_case_story(case_story=inside, moderator=scoped)
    assert AuditEntry.objects.get(action="feature").scope == (
        "dimension:measuring-results"
    )
    with pytest.raises(PermissionDenied):
        case_services.feature_case_story(case_story=outside, moderator=scoped)

    client.force_login(scoped)
    published = reverse("moderation:cases") + "?status=published"
    page = client.get(published).text
    assert inside.title in page
    assert outside.title not in page
    refused = client.post(
        reverse("moderation:case-action", args=[outside.pk, "feature"])
    )
    assert refused.status_code == 403

    _scoped_curation(client, scoped)


def _scoped_curation(client, scoped):
    """The demo's stories due for review: the scoped moderator's queue holds
    those of "measuring results" only, and they mark one still current there."""
    due = CaseStory.objects.due_for_review()
    inside = due.filter(dimensions__slug="measuring-results").distinct()
    outside = due.exclude(dimensions__slug="measuring-results").first()
    queue = client.get(reverse("moderation:reviews"))
    assert queue.status_code == 200
    assert queue.context["page_obj"].paginator.count == inside.count() > 0
    assert outside.title not in queue.text
    story = inside.first()
    done = client.post(
        reverse("moderation:review-action", args=["case", story.pk, "current"])
    )
    assert done.status_code == 302
    entry = AuditEntry.objects.get(action="review-current")
    assert (entry.target_id, entry.scope) == (story.pk, "dimension:measuring-results")
    refused = client.post(
        reverse("moderation:review-action", args=["case", outside.pk, "current"])
    )
    assert refused.status_code == 403
    assert AuditEntry.objects.filter(action="review-current").count() == 1
