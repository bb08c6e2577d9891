import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from comments.models import Comment
from comments.services import post_comment
from core.models import AuditEntry
from discussions import services
from discussions.models import Membership, Space, Topic, Visit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def space():
    return Space.objects.get(slug="measuring-results")


def _start(author, space, **kwargs):
    return services.start_topic(
        author=author,
        space=space,
        title=kwargs.pop("title", "Monitoring tools for a cash-transfer programme"),
        body=kwargs.pop("body", "Which tools do you use to follow results?"),
        **kwargs,
    )


def test_dimension_spaces_exist_one_per_dimension():
    spaces = Space.objects.filter(kind=Space.Kind.DIMENSION)
    assert spaces.count() == 10
    assert all(space.is_open and space.dimension_id for space in spaces)


def test_start_topic_first_topic_of_a_new_member_waits_for_review(member, space):
    first = _start(member, space)
    assert first.status == Topic.Status.PENDING
    services.approve_topic(topic=first, moderator=factories.ModeratorFactory())
    second = _start(member, space, title="A second question on indicators")
    assert second.status == Topic.Status.PUBLISHED


def test_start_topic_review_off_by_setting(member, space, settings):
    settings.DISCUSSIONS_TOPICS_REVIEWED = 0
    assert _start(member, space).status == Topic.Status.PUBLISHED


def test_start_topic_keeps_created_date_and_views_for_imports(member, space):
    then = timezone.now() - datetime.timedelta(days=3000)
    topic = _start(member, space, created_at=then, view_count=42, review=False)
    topic.refresh_from_db()
    assert topic.created_at == then
    assert topic.last_activity_at == then
    assert topic.view_count == 42
    assert topic.status == Topic.Status.PUBLISHED


def test_start_topic_refuses_empty_title_and_short_text(member, space):
    with pytest.raises(ValidationError) as error:
        _start(member, space, title="  ", body="short")
    assert set(error.value.error_dict) == {"title", "body"}
    assert not Topic.objects.exists()


def test_start_topic_slug_unique_in_its_space(space, settings):
    settings.DISCUSSIONS_TOPICS_REVIEWED = 0
    member = factories.MemberFactory(date_joined=timezone.now() - datetime.timedelta(9))
    first = _start(member, space, title="New members")
    second = _start(member, space, title="New members")
    reserved = _start(member, space, title="Members")
    assert (first.slug, second.slug) == ("new-members", "new-members-2")
    assert reserved.slug == "members-topic"


def test_start_topic_private_space_only_for_admitted_members(member):
    group = factories.SpaceFactory(access=Space.Access.PRIVATE)
    with pytest.raises(PermissionDenied):
        _start(member, group)
    factories.MembershipFactory(space=group, member=member)
    assert _start(member, group, review=False).space == group


def test_start_topic_unverified_member_refused(unverified_member, space):
    with pytest.raises(PermissionDenied):
        _start(unverified_member, space)


def test_reply_counts_and_stamps_last_activity():
    topic = factories.TopicFactory()
    before = topic.last_activity_at
    reply = post_comment(
        author=factories.MemberFactory(), target=topic, body="We use KoBo."
    )
    topic.refresh_from_db()
    assert topic.reply_count == 1
    assert topic.last_activity_at == reply.created_at > before


def test_reply_to_closed_topic_refused_with_message():
    topic = factories.TopicFactory(closed=True)
    with pytest.raises(ValidationError, match="cannot be commented"):
        post_comment(author=factories.MemberFactory(), target=topic, body="Hello!")


def test_reply_in_private_space_refused_to_outsider():
    topic = factories.TopicFactory(space__access=Space.Access.PRIVATE)
    with pytest.raises(PermissionDenied):
        post_comment(author=factories.MemberFactory(), target=topic, body="Hello!")


def test_mark_answered_by_author_with_audit():
    topic = factories.TopicFactory()
    reply = factories.CommentFactory(target=topic)
    services.mark_answered(topic=topic, member=topic.author, comment=reply)
    topic.refresh_from_db()
    assert topic.answer == reply
    assert AuditEntry.objects.filter(action="mark_answered").exists()


def test_mark_answered_refused_to_others_and_for_foreign_replies():
    topic = factories.TopicFactory()
    reply = factories.CommentFactory(target=topic)
    with pytest.raises(PermissionDenied):
        services.mark_answered(
            topic=topic, member=factories.MemberFactory(), comment=reply
        )
    elsewhere = factories.CommentFactory()
    with pytest.raises(ValidationError):
        services.mark_answered(topic=topic, member=topic.author, comment=elsewhere)


def test_pin_close_and_move_audited(moderator, space):
    topic = factories.TopicFactory()
    services.pin_topic(topic=topic, moderator=moderator)
    services.close_topic(topic=topic, moderator=moderator)
    services.move_topic(topic=topic, moderator=moderator, space=space)
    topic.refresh_from_db()
    assert (topic.pinned, topic.closed, topic.space) == (True, True, space)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"pin_topic", "close_topic", "move_topic"} <= actions


def test_moderation_refused_to_members_but_allowed_to_space_moderators(member):
    topic = factories.TopicFactory()
    with pytest.raises(PermissionDenied):
        services.pin_topic(topic=topic, moderator=member)
    factories.MembershipFactory(
        space=topic.space, member=member, role=Membership.Role.MODERATOR
    )
    assert services.pin_topic(topic=topic, moderator=member).pinned


def test_move_to_the_same_space_refused(moderator):
    topic = factories.TopicFactory()
    with pytest.raises(ValidationError):
        services.move_topic(topic=topic, moderator=moderator, space=topic.space)


def test_merge_moves_replies_and_closes(moderator):
    topic = factories.TopicFactory()
    into = factories.TopicFactory(space=topic.space)
    post_comment(author=factories.MemberFactory(), target=topic, body="A reply.")
    services.merge_topic(topic=topic, into=into, moderator=moderator)
    topic.refresh_from_db()
    into.refresh_from_db()
    assert topic.closed
    assert topic.merged_into == into
    assert topic.reply_count == 0
    assert into.reply_count == 1
    assert Comment.objects.on(into).count() == 1


def test_record_visit_keeps_one_row(member):
    topic = factories.TopicFactory()
    services.record_visit(member=member, topic=topic)
    services.record_visit(member=member, topic=topic)
    assert Visit.objects.filter(member=member, topic=topic).count() == 1


def test_admit_member_by_space_moderator_audited(moderator):
    group = factories.SpaceFactory(access=Space.Access.PRIVATE)
    newcomer = factories.MemberFactory()
    services.admit_member(space=group, member=newcomer, moderator=moderator)
    assert group.members.filter(member=newcomer).exists()
    assert AuditEntry.objects.filter(action="admit_member").exists()
    services.remove_member(space=group, member=newcomer, moderator=moderator)
    assert not group.members.exists()


def test_start_topic_rate_limited_for_new_accounts(member, space):
    _start(member, space, title="First question here")
    _start(member, space, title="Second question here")
    with pytest.raises(services.TopicRateLimited):
        _start(member, space, title="Third question here")
    assert Topic.objects.count() == 2
