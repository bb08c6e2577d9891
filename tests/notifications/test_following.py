import pytest
from django.core import mail

from comments import services as comments
from events.services import register_for_event
from notifications import services
from notifications.followable import object_key, topic_keys
from notifications.models import Follow, Kind, Notice
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    DimensionFactory,
    EventFactory,
    MemberFactory,
    ModeratorFactory,
    PostFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def test_follow_an_event_and_hear_of_new_comments(django_capture_on_commit_callbacks):
    event = EventFactory()
    follower = MemberFactory()
    services.follow(member=follower, key=object_key(event))
    services.set_preferences(member=follower, choices={Kind.COMMENTS: "instant"})
    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(author=MemberFactory(), target=event, body="See you!")
    [message] = mail.outbox
    assert message.to == [follower.email]
    assert "See you!" in message.body


def test_followers_wait_for_the_weekly_digest_by_default(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    follower = MemberFactory()
    services.follow(member=follower, key=object_key(event))
    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(author=MemberFactory(), target=event, body="Hello all")
    assert mail.outbox == []
    notice = Notice.objects.get(member=follower)
    assert (notice.kind, notice.frequency, notice.sent_at) == (
        "comments",
        "weekly",
        None,
    )


def test_commenting_follows_automatically(django_capture_on_commit_callbacks):
    session = SessionFactory()
    author = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(author=author, target=session, body="Good point.")
    follow = Follow.objects.get(member=author)
    assert follow.key == object_key(session)
    assert follow.automatic


def test_registering_follows_the_event(django_capture_on_commit_callbacks):
    event = EventFactory()
    member = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, member=member)
    assert Follow.objects.filter(member=member, key=object_key(event)).exists()


def test_publishing_tells_those_who_follow_a_dimension(
    django_capture_on_commit_callbacks,
):
    dimension = DimensionFactory()
    story = CaseStoryFactory(status="submitted", dimensions=[dimension])
    follower = MemberFactory()
    services.follow(member=follower, key=f"dimension:{dimension.slug}")
    services.set_preferences(member=follower, choices={Kind.CONTENT: "instant"})
    assert f"dimension:{dimension.slug}" in topic_keys(story)
    from cases.services import publish_case_story

    with django_capture_on_commit_callbacks(execute=True):
        publish_case_story(case_story=story, moderator=ModeratorFactory())
    told = {m.to[0]: m.subject for m in mail.outbox}
    assert story.title in told[follower.email]
    # The author hears that it is published, and follows their story from now on.
    assert told[story.author.email].endswith(f"Published: “{story.title}”")
    assert Follow.objects.filter(member=story.author, key=object_key(story)).exists()


def test_a_draft_and_an_unknown_key_cannot_be_followed():
    from django.core.exceptions import ValidationError

    member = MemberFactory()
    draft = PostFactory(status="draft")
    for key in (object_key(draft), "members.user:1", "tag:", "region:atlantis"):
        with pytest.raises(ValidationError):
            services.follow(member=member, key=key)


def test_unfollow_stops_notices(django_capture_on_commit_callbacks):
    post = PostFactory(author=None)
    follower = MemberFactory()
    services.follow(member=follower, key=object_key(post))
    services.unfollow(member=follower, key=object_key(post))
    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(author=MemberFactory(), target=post, body="Anyone?")
    assert not Notice.objects.filter(member=follower).exists()


def test_a_retried_task_tells_nobody_twice(django_capture_on_commit_callbacks):
    from comments.tasks import send_comment_notifications

    parent = CommentFactory(target=PostFactory(author=None))
    with django_capture_on_commit_callbacks(execute=True):
        reply = comments.post_comment(
            author=MemberFactory(),
            target=parent.content_object,
            parent=parent,
            body="A reply.",
        )
    send_comment_notifications.call(reply.pk)
    assert len(mail.outbox) == 1
