"""Scoped moderators: rights within one KS dimension, event or language."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from blog import services as blog_services
from cases import services as case_services
from cases.models import CaseStory, Dimension
from comments import services as comment_services
from core.models import AuditEntry
from events import services as event_services
from members import roles
from members.models import ModeratorScope
from members.scopes import within
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    EventFactory,
    MemberFactory,
    ModeratorFactory,
    PostFactory,
    ScopedModeratorFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped():
    return ScopedModeratorFactory(username="measurer")


def _story(slug: str, dimension: str, **kwargs):
    return CaseStoryFactory(
        status="submitted",
        slug=slug,
        published_at=None,
        dimensions=[Dimension.objects.get(slug=dimension)],
        **kwargs,
    )


def test_scopes_publish_within_and_refuse_elsewhere_with_scoped_audit(scoped):
    inside = _story("inside", "measuring-results")
    outside = _story("outside", "financing-business-models")
    case_services.publish_case_story(case_story=inside, moderator=scoped)
    with pytest.raises(PermissionDenied):
        case_services.publish_case_story(case_story=outside, moderator=scoped)
    entry = AuditEntry.objects.get(action="publish")
    assert entry.scope == "dimension:measuring-results"
    outside.refresh_from_db()
    assert outside.status == "submitted"


def test_scopes_site_wide_moderator_records_no_scope(scoped):
    story = _story("inside", "measuring-results")
    case_services.publish_case_story(case_story=story, moderator=ModeratorFactory())
    assert AuditEntry.objects.get(action="publish").scope == ""


def test_scopes_comments_follow_their_target(scoped):
    inside = CaseStoryFactory(
        status="published", dimensions=[Dimension.objects.get(slug="measuring-results")]
    )
    outside = CaseStoryFactory(
        status="published",
        dimensions=[Dimension.objects.get(slug="financing-business-models")],
    )
    mine = CommentFactory(target=inside, body="In scope.", language="en")
    theirs = CommentFactory(target=outside, body="Out of scope.", language="en")
    comment_services.hide_comment(comment=mine, moderator=scoped)
    with pytest.raises(PermissionDenied):
        comment_services.hide_comment(comment=theirs, moderator=scoped)
    from comments.models import Comment

    assert list(within(Comment.objects.all(), scoped)) == [mine]


def test_scopes_event_covers_its_sessions_and_posts():
    event = EventFactory(slug="hlm2")
    moderator = ScopedModeratorFactory(scope=("event", "hlm2"))
    session = SessionFactory(event=event)
    assert moderator.moderates(event)
    assert moderator.moderates(session)
    post = PostFactory(status="submitted", published_at=None, event=event)
    blog_services.publish_post(post=post, moderator=moderator)
    other = PostFactory(status="submitted", published_at=None)
    with pytest.raises(PermissionDenied):
        blog_services.publish_post(post=other, moderator=moderator)
    event_services.close_registration(event=event, moderator=moderator)
    with pytest.raises(PermissionDenied):
        event_services.close_registration(event=EventFactory(), moderator=moderator)


def test_scopes_language_covers_stories_in_it():
    moderator = ScopedModeratorFactory(scope=("language", "es"))
    spanish = _story("es", "measuring-results", language="es")
    english = _story("en", "measuring-results", language="en")
    assert list(within(CaseStory.objects.all(), moderator)) == [spanish]
    assert not moderator.moderates(english)


def test_scopes_nothing_for_members_and_no_target_for_scoped(scoped):
    assert within(CaseStory.objects.all(), MemberFactory()).count() == 0
    from core.permissions import can_moderate

    assert not can_moderate(scoped)  # site-wide actions stay with the group


def test_scopes_desk_lists_only_the_scope(client, scoped):
    inside = _story("inside", "measuring-results", title="Inside the scope")
    _story("outside", "financing-business-models", title="Outside the scope")
    client.force_login(scoped)
    page = client.get(reverse("moderation:cases")).text
    assert inside.title in page
    assert "Outside the scope" not in page
    desk = client.get(reverse("moderation:desk")).text
    assert reverse("moderation:institutions") not in desk
    assert reverse("moderation:messages") not in desk
    assert client.get(reverse("moderation:institutions")).status_code == 403


def test_scopes_desk_action_outside_the_scope_is_refused(client, scoped):
    outside = _story("outside", "financing-business-models")
    client.force_login(scoped)
    response = client.post(
        reverse("moderation:case-action", args=[outside.pk, "publish"])
    )
    assert response.status_code == 403


def test_scopes_audit_log_shows_the_scopes_entries_only(client, scoped):
    inside = _story("inside", "measuring-results", title="Inside the scope")
    outside = _story("outside", "financing-business-models", title="Far away")
    case_services.publish_case_story(case_story=inside, moderator=scoped)
    case_services.publish_case_story(case_story=outside, moderator=ModeratorFactory())
    client.force_login(scoped)
    page = client.get(reverse("moderation:audit")).text
    assert "Inside the scope" in page
    assert "Far away" not in page


def test_scopes_cover_the_dimension_space_as_its_moderators(scoped):
    from discussions.access import can_moderate
    from discussions.models import Space

    assert can_moderate(Space.objects.get(slug="measuring-results"), scoped)
    assert not can_moderate(Space.objects.get(slug="financing-business-models"), scoped)


def test_scopes_grant_is_audited_and_checked():
    moderator, member = ModeratorFactory(), MemberFactory()
    roles.grant_moderation_scope(
        member=member, kind="dimension", key="measuring-results", granted_by=moderator
    )
    assert AuditEntry.objects.filter(action="grant_scope").count() == 1
    with pytest.raises(ValidationError) as refused:
        roles.grant_moderation_scope(
            member=member, kind="dimension", key="no-such", granted_by=moderator
        )
    assert refused.value.messages == ["There is no such KS dimension."]
    with pytest.raises(ValidationError):
        roles.grant_moderation_scope(
            member=member,
            kind="dimension",
            key="measuring-results",
            granted_by=moderator,
        )
    with pytest.raises(PermissionDenied):
        roles.grant_moderation_scope(
            member=MemberFactory(), kind="language", key="es", granted_by=member
        )


def test_scopes_command_grants_a_scope(capsys):
    member = MemberFactory()
    call_command("grant_moderator", member.email, "--language", "fr")
    assert ModeratorScope.objects.filter(
        member=member, kind="language", key="fr"
    ).exists()
    assert "language:fr" in capsys.readouterr().out


def test_scopes_event_moderator_opens_its_registrants_only(client):
    EventFactory(slug="hlm2")
    elsewhere = EventFactory()
    client.force_login(ScopedModeratorFactory(scope=("event", "hlm2")))
    page = client.get(reverse("events:detail", args=["hlm2"]))
    assert reverse("events:registrants", args=["hlm2"]) in page.text
    assert client.get(reverse("events:registrants", args=["hlm2"])).status_code == 200
    refused = client.get(reverse("events:registrants", args=[elsewhere.slug]))
    assert refused.status_code == 403
