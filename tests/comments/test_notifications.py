import pytest
from django.core import mail
from django.tasks import Task
from django.tasks.signals import task_enqueued

from comments import services, tasks
from tests.conftest import after_commit
from tests.factories import CaseStoryFactory, CommentFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enqueued():
    """Names of the tasks enqueued while the test runs."""
    names = []

    def receiver(sender, task_result, **kwargs):
        names.append(task_result.task.name)

    task_enqueued.connect(receiver)
    yield names
    task_enqueued.disconnect(receiver)


def test_notifications_are_tasks_enqueued_after_commit(
    django_capture_on_commit_callbacks, enqueued
):
    assert isinstance(tasks.send_comment_notifications, Task)
    parent = CommentFactory(target=PostFactory(author=None))
    with django_capture_on_commit_callbacks() as callbacks:
        services.post_comment(
            author=MemberFactory(),
            target=parent.content_object,
            parent=parent,
            body="A reply.",
        )
        # Nothing is sent inside the request's own code path.
        assert mail.outbox == []
        assert enqueued == []
    [notify] = after_commit(callbacks)
    notify()
    # The notification task renders the mail; another task sends it.
    assert enqueued == ["send_comment_notifications", "deliver_message"]
    assert len(mail.outbox) == 1


def test_reply_notifies_the_parent_comment_author(django_capture_on_commit_callbacks):
    post = PostFactory(author=None)
    parent = CommentFactory(target=post)
    replier = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_comment(
            author=replier, target=post, parent=parent, body="I agree, see this."
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [parent.author.email]
    assert replier.profile.display_name in message.subject
    assert "I agree, see this." in message.body
    assert f"#comment-{reply.pk}" in message.body


def test_reply_to_own_comment_sends_nothing(django_capture_on_commit_callbacks):
    post = PostFactory(author=None)
    parent = CommentFactory(target=post)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(
            author=parent.author, target=post, parent=parent, body="Also..."
        )
    assert mail.outbox == []


def test_reply_respects_notify_replies(django_capture_on_commit_callbacks):
    post = PostFactory(author=None)
    parent = CommentFactory(target=post)
    parent.author.profile.notify_replies = False
    parent.author.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(
            author=MemberFactory(), target=post, parent=parent, body="Hello!"
        )
    assert mail.outbox == []


def test_comment_notifies_the_case_story_author(django_capture_on_commit_callbacks):
    case = CaseStoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(author=MemberFactory(), target=case, body="Inspiring.")
    assert [message.to for message in mail.outbox] == [[case.author.email]]
    assert case.title in mail.outbox[0].subject


def test_comment_on_own_post_sends_nothing(django_capture_on_commit_callbacks):
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(author=post.author, target=post, body="Update: ...")
    assert mail.outbox == []


def test_content_author_who_is_also_the_parent_author_gets_one_mail(
    django_capture_on_commit_callbacks,
):
    post = PostFactory()
    parent = CommentFactory(target=post, author=post.author)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_comment(
            author=MemberFactory(), target=post, parent=parent, body="Thanks!"
        )
    assert [message.to for message in mail.outbox] == [[post.author.email]]
