"""The weekly digest: who gets it, what it holds, in which language and order."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from members.models import Profile
from notifications.community_digest import send_digest
from tests.conftest import after_commit
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    EventFactory,
    MemberFactory,
    PostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def subscriber(**profile):
    member = MemberFactory()
    Profile.objects.filter(user=member).update(weekly_digest=True, **profile)
    return member


def digest_for(member, callbacks_fixture, *args):
    with callbacks_fixture(execute=True) as callbacks:
        call_command("send_weekly_digest", *args)
    messages = [m for m in mail.outbox if m.to == [member.email]]
    return callbacks, messages


def test_digest_goes_only_to_members_who_chose_it(django_capture_on_commit_callbacks):
    CaseStoryFactory(title="Mapping disaster risk in Indonesia")
    chosen = subscriber()
    MemberFactory()  # did not choose it
    suspended = subscriber()
    suspended.suspended_at = timezone.now()
    suspended.save()
    unverified = UserFactory()
    Profile.objects.filter(user=unverified).update(weekly_digest=True)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("send_weekly_digest")

    # One task per recipient, enqueued once the command's work is committed.
    [enqueue] = after_commit(callbacks)
    assert enqueue.func == send_digest.enqueue
    assert [message.to for message in mail.outbox] == [[chosen.email]]


def test_digest_holds_the_week_news_as_text_and_html(
    django_capture_on_commit_callbacks,
):
    now = timezone.now()
    CaseStoryFactory(title="Conditional cash transfers in Mexico")
    CaseStoryFactory(
        title="An old story", published_at=now - datetime.timedelta(days=10)
    )
    EventFactory(title="Third High-Level Meeting", city="Bogotá")
    EventFactory(
        title="A past meeting",
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        ends_on=timezone.localdate() - datetime.timedelta(days=28),
    )
    post = PostFactory(title="Report from the Seoul meeting")
    CommentFactory.create_batch(2, target=post)
    CommentFactory(
        target=PostFactory(title="Quiet post"),
        created_at=now - datetime.timedelta(days=9),
    )
    member = subscriber(display_name="Ana")

    _, [message] = digest_for(member, django_capture_on_commit_callbacks)

    assert message.subject == "[KS Hub] Your week in KS Hub"
    assert "Hello Ana," in message.body
    assert "Conditional cash transfers in Mexico" in message.body
    assert "Third High-Level Meeting" in message.body
    assert "Report from the Seoul meeting: 2 new comments" in message.body
    for old in ("An old story", "A past meeting", "Quiet post"):
        assert old not in message.body
    assert "/me/" in message.body  # where to stop it
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "<h2>New case stories</h2>" in html
    assert "Conditional cash transfers in Mexico</a>" in html


def test_digest_puts_the_member_themes_first(django_capture_on_commit_callbacks):
    now = timezone.now()
    CaseStoryFactory(
        title="Water utilities learning together",
        tags=["water"],
        published_at=now - datetime.timedelta(days=3),
    )
    CaseStoryFactory(title="Newest story on tax", published_at=now)
    member = subscriber()
    member.profile.expertise.add("Water")

    _, [message] = digest_for(member, django_capture_on_commit_callbacks)

    assert message.body.index("Water utilities learning together") < (
        message.body.index("Newest story on tax")
    )
    assert message.body.count("[in your themes]") == 1


def test_digest_is_written_in_the_member_language(django_capture_on_commit_callbacks):
    CaseStoryFactory()
    member = subscriber(preferred_language="es")

    _, [message] = digest_for(member, django_capture_on_commit_callbacks)

    [(html, _)] = message.alternatives
    assert '<html lang="es">' in html


def test_digest_is_not_sent_in_a_quiet_week(django_capture_on_commit_callbacks):
    CaseStoryFactory(published_at=timezone.now() - datetime.timedelta(days=8))
    member = subscriber()

    callbacks, messages = digest_for(member, django_capture_on_commit_callbacks)

    assert len(after_commit(callbacks)) == 1
    assert messages == []


def test_digest_dry_run_lists_recipients_and_enqueues_nothing(
    django_capture_on_commit_callbacks, capsys
):
    CaseStoryFactory()
    member = subscriber(display_name="Ana")

    callbacks, messages = digest_for(
        member, django_capture_on_commit_callbacks, "--dry-run"
    )

    assert callbacks == []
    assert messages == []
    output = capsys.readouterr().out
    assert f"Ana <{member.email}>" in output
    assert "Dry run: 1 digest(s) not enqueued." in output


def test_digest_leaves_out_discussions_of_unpublished_content(
    django_capture_on_commit_callbacks,
):
    from tests.factories import DraftCaseStoryFactory

    CaseStoryFactory(title="Public story")
    draft = DraftCaseStoryFactory(title="Secret draft")
    CommentFactory.create_batch(3, target=draft)
    member = subscriber()

    _, [message] = digest_for(member, django_capture_on_commit_callbacks)

    assert "Secret draft" not in message.body


def test_digest_runs_a_fixed_number_of_queries(django_assert_num_queries):
    from notifications.community_digest import collect_news

    def news_queries():
        with django_assert_num_queries(6) as captured:
            collect_news()
        return len(captured)

    CaseStoryFactory(tags=["water"])
    post = PostFactory()
    CommentFactory(target=post)
    EventFactory()
    few = news_queries()
    CaseStoryFactory.create_batch(5, tags=["water", "energy"])
    for target in PostFactory.create_batch(4):
        CommentFactory.create_batch(2, target=target)
    EventFactory.create_batch(3)
    assert news_queries() == few
