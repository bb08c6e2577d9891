import time

import pytest
from django.core import mail

from comments import services as comments
from notifications import services, tokens
from notifications.followable import object_key
from notifications.models import Kind, Notice
from tests.factories import CommentFactory, EventFactory, MemberFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply_mail(django_capture_on_commit_callbacks):
    post = PostFactory(author=None)
    parent = CommentFactory(target=post)
    with django_capture_on_commit_callbacks(execute=True):
        reply = comments.post_comment(
            author=MemberFactory(), target=post, parent=parent, body="I agree."
        )
    [message] = mail.outbox
    return parent, reply, message


def test_notice_carries_one_click_unsubscribe(reply_mail):
    _parent, _reply, message = reply_mail
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith(
        "<https://kshub.example.org/notifications/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    # The same link, visible in both parts.
    assert unsubscribe.strip("<>") in message.body
    html = message.alternatives[0][0]
    assert unsubscribe.strip("<>") in html


def test_links_are_built_from_site_url(reply_mail):
    _parent, reply, message = reply_mail
    assert "https://kshub.example.org/blog/" in message.body
    assert f"#comment-{reply.pk}" in message.body
    assert "127.0.0.1" not in message.body
    assert "127.0.0.1" not in message.alternatives[0][0]


def test_reply_to_is_signed_for_the_recipient(reply_mail):
    parent, reply, message = reply_mail
    [address] = message.reply_to
    assert address.endswith("@reply.kshub.example.org")
    assert len(address.split("@")[0]) <= 64
    assert tokens.read_reply_address(address) == (parent.author_id, reply.pk)


def test_tampered_reply_address_is_refused(reply_mail):
    _parent, _reply, message = reply_mail
    local, domain = message.reply_to[0].split("@")
    payload, signature = local.rsplit(".", 1)
    # Another member id: the first part's last character changed, nothing else.
    first, rest = payload.split(".", 1)
    other = f"{first[:-1]}{'y' if first.endswith('z') else 'z'}.{rest}"
    for forged in (f"{other}.{signature}@{domain}", f"{payload}.{'0' * 24}@{domain}"):
        with pytest.raises(tokens.BadToken) as error:
            tokens.read_reply_address(forged)
        assert error.value.reason == "tampered"


def test_reply_address_expires(settings):
    settings.REPLY_ADDRESS_MAX_AGE_DAYS = 30
    address = tokens.reply_address(member_id=4, comment_id=9)
    later = time.time() + 31 * tokens.DAY
    with pytest.raises(tokens.BadToken) as error:
        tokens.read_reply_address(address, now=later)
    assert error.value.reason == "expired"
    assert tokens.read_reply_address(address) == (4, 9)


def test_mail_is_in_the_recipients_language(django_capture_on_commit_callbacks):
    post = PostFactory(author=None)
    parent = CommentFactory(target=post)
    parent.author.profile.preferred_language = "es"
    parent.author.profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(
            author=MemberFactory(), target=post, parent=parent, body="Bien."
        )
    [message] = mail.outbox
    assert "respondió a tu comentario" in message.subject
    assert "Cancelar la suscripción" in message.alternatives[0][0]


def test_digest_groups_waiting_notices_by_kind_and_thing(
    django_capture_on_commit_callbacks,
):
    first, second = EventFactory(short_name="HLM2"), PostFactory(author=None)
    follower = MemberFactory()
    for item in (first, second):
        services.follow(member=follower, key=object_key(item))
    writer, other = MemberFactory(), MemberFactory()  # two comments a minute each
    with django_capture_on_commit_callbacks(execute=True):
        for author, item, body in (
            (writer, first, "One"),
            (writer, first, "Two"),
            (other, second, "Three"),
        ):
            comments.post_comment(author=author, target=item, body=body)
    assert mail.outbox == []
    assert services.send_digests(frequency="daily") == 0
    assert services.send_digests(frequency="weekly") == 1
    [message] = mail.outbox
    assert "3 new items" in message.subject
    assert message.body.count("* HLM2") == 1
    assert message.body.count(f"* {second.title}") == 1
    assert "New comments on what I follow" in message.body
    assert not Notice.objects.filter(sent_at__isnull=True).exists()
    # Sent once: a second run finds nothing waiting.
    assert services.send_digests(frequency="weekly") == 0


def test_preference_off_sends_nothing(django_capture_on_commit_callbacks):
    post = PostFactory(author=None)
    parent = CommentFactory(target=post)
    services.set_preferences(member=parent.author, choices={Kind.REPLIES: "off"})
    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(
            author=MemberFactory(), target=post, parent=parent, body="Hello!"
        )
    assert mail.outbox == []
