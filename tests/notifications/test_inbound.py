import io
import time

import pytest
from django.core import mail
from django.core.management import call_command

from comments.models import Comment
from notifications import tokens
from notifications.inbound import reply_text
from tests.factories import CommentFactory, EventFactory, MemberFactory, PostFactory

from .mails import OUTLOOK_SPANISH_BODY, WEBMAIL_BODY, reply

pytestmark = pytest.mark.django_db


def receive_mail(raw: bytes, monkeypatch) -> str:
    stdin = io.TextIOWrapper(io.BytesIO(raw))
    monkeypatch.setattr("sys.stdin", stdin)
    out = io.StringIO()
    call_command("receive_mail", stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def thread():
    event = EventFactory(title="HLM2")
    parent = CommentFactory(target=event, body="Who has the figures of the pilot?")
    member = MemberFactory()
    address = tokens.reply_address(member_id=member.pk, comment_id=parent.pk)
    return event, parent, member, address


def test_webmail_reply_becomes_a_comment_without_quote_or_signature(
    thread, monkeypatch
):
    event, parent, member, address = thread
    raw = reply(sender=member.email, to=address, body=WEBMAIL_BODY)
    assert receive_mail(raw, monkeypatch) == "posted"
    comment = Comment.objects.get(author=member)
    assert comment.parent_id == parent.pk
    assert comment.object_id == event.pk
    assert comment.body == (
        "Thanks, I will bring the figures to the session on Tuesday.\n\nBest,\nAna"
    )


def test_the_same_message_delivered_twice_posts_once(thread, monkeypatch):
    _event, _parent, member, address = thread
    raw = reply(sender=member.email, to=address, body="Count me in, thanks.")
    assert receive_mail(raw, monkeypatch) == "posted"
    assert receive_mail(raw, monkeypatch) == "duplicate"
    assert Comment.objects.filter(author=member).count() == 1


def test_spanish_quote_header_is_cut():
    assert reply_text(OUTLOOK_SPANISH_BODY) == "Gracias, llevaré las cifras."


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X-Autoreply": "yes"},
        {"Subject": "Out of office: back on Monday"},
    ],
)
def test_auto_replies_are_dropped_silently(thread, monkeypatch, headers):
    _event, _parent, member, address = thread
    subject = headers.pop("Subject", "Re: comment")
    raw = reply(
        sender=member.email,
        to=address,
        body="I am away until Monday.",
        subject=subject,
        headers=headers,
    )
    assert receive_mail(raw, monkeypatch) == "automatic"
    assert not Comment.objects.filter(author=member).exists()
    assert mail.outbox == []


def test_forged_token_gets_an_answer_and_creates_nothing(thread, monkeypatch):
    _event, _parent, member, address = thread
    local, domain = address.split("@")
    forged = f"{local[:-6]}abcdef@{domain}"
    raw = reply(sender=member.email, to=forged, body="Let me in.")
    assert receive_mail(raw, monkeypatch) == "tampered"
    assert not Comment.objects.filter(author=member).exists()
    [answer] = mail.outbox
    assert answer.to == [member.email]
    assert "not valid" in answer.body
    assert answer.extra_headers["Auto-Submitted"] == "auto-replied"


def test_expired_token_is_answered_in_the_members_language(thread, monkeypatch):
    _event, parent, member, _address = thread
    member.profile.preferred_language = "fr"
    member.profile.save()
    old = time.time() - 400 * tokens.DAY
    address = tokens.reply_address(member_id=member.pk, comment_id=parent.pk, now=old)
    raw = reply(sender=member.email, to=address, body="Trop tard ?")
    assert receive_mail(raw, monkeypatch) == "expired"
    [answer] = mail.outbox
    assert "expiré" in answer.body


def test_reply_from_another_address_is_refused(thread, monkeypatch):
    _event, _parent, _member, address = thread
    raw = reply(sender="someone@elsewhere.example", to=address, body="Hi there.")
    assert receive_mail(raw, monkeypatch) == "sender"
    assert not Comment.objects.exclude(pk=_parent.pk).exists()
    [answer] = mail.outbox
    assert answer.to == ["someone@elsewhere.example"]


def test_suspended_member_cannot_reply_by_mail(thread, monkeypatch):
    from django.utils import timezone

    _event, _parent, member, address = thread
    member.suspended_at = timezone.now()
    member.save()
    raw = reply(sender=member.email, to=address, body="Still here.")
    assert receive_mail(raw, monkeypatch) == "refused"
    assert not Comment.objects.filter(author=member).exists()
    assert len(mail.outbox) == 1


def test_rate_limit_applies_to_replies_by_mail(thread, monkeypatch):
    _event, _parent, member, address = thread
    outcomes = [
        receive_mail(
            reply(
                sender=member.email,
                to=address,
                body=f"Point number {n}.",
                message_id=f"<rate-{n}@mail.example.org>",
            ),
            monkeypatch,
        )
        for n in range(7)
    ]
    assert "refused" in outcomes
    assert Comment.objects.filter(author=member).count() < 7


def test_garbage_never_raises(monkeypatch):
    assert receive_mail(b"\x00\xff not a message", monkeypatch) in (
        "not-for-us",
        "unreadable",
    )


def test_webhook_requires_the_signature(client, thread):
    import hashlib
    import hmac

    _event, _parent, member, address = thread
    raw = reply(sender=member.email, to=address, body="By the provider.")
    url = "/mail/inbound/"
    assert client.post(url, raw, content_type="message/rfc822").status_code == 403
    signature = hmac.new(b"inbound-test-secret", raw, hashlib.sha256).hexdigest()
    response = client.post(
        url, raw, content_type="message/rfc822", headers={"X-Signature": signature}
    )
    assert response.status_code == 200
    assert response.content == b"posted"
    assert Comment.objects.filter(author=member).exists()


def test_reply_to_a_closed_thread_is_refused_with_the_reason(monkeypatch):
    post = PostFactory(author=None)
    parent = CommentFactory(target=post)
    member = MemberFactory()
    address = tokens.reply_address(member_id=member.pk, comment_id=parent.pk)
    type(post).objects.filter(pk=post.pk).update(status="archived")
    raw = reply(sender=member.email, to=address, body="Is this still open?")
    assert receive_mail(raw, monkeypatch) == "refused"
    assert not Comment.objects.filter(author=member).exists()
    [answer] = mail.outbox
    assert "cannot be commented on" in answer.body


def test_html_only_reply_is_read_as_text(thread, monkeypatch):
    from email.message import EmailMessage

    _event, _parent, member, address = thread
    message = EmailMessage()
    message["From"] = member.email
    message["To"] = address
    message["Subject"] = "Re: comment"
    message["Message-ID"] = "<html-1@mail.example.org>"
    message.set_content(
        "<div>Agreed, <b>let us meet</b>.</div><div><br></div>"
        "<blockquote>Who has the figures?</blockquote>",
        subtype="html",
    )
    assert receive_mail(bytes(message), monkeypatch) == "posted"
    body = Comment.objects.get(author=member).body
    assert body.startswith("Agreed, let us meet.")
    assert "<b>" not in body
    assert "Who has the figures" not in body
