import pytest
from django.core import mail

from comments import services as comments
from notifications import services
from notifications.followable import object_key
from notifications.mail import unsubscribe_url
from notifications.models import Follow, Kind, Preference
from tests.factories import EventFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_preferences_page_shows_defaults(member_client):
    response = member_client.get("/me/notifications/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["mail_replies"].initial == "instant"
    assert form["mail_comments"].initial == "weekly"


def test_preferences_are_saved(member_client, member):
    data = {"action": "save", "mail_replies": "daily", "mail_comments": "off"}
    data |= {"mail_content": "weekly", "mail_matches": "weekly"}
    data |= {"mail_reminders": "off", "mail_digest": "off"}
    response = member_client.post("/me/notifications/", data)
    assert response.status_code == 302
    chosen = dict(
        Preference.objects.filter(member=member).values_list("kind", "frequency")
    )
    assert chosen["replies"] == "daily"
    assert chosen["digest"] == "off"


def test_unknown_frequency_is_refused(member_client, member):
    response = member_client.post(
        "/me/notifications/", {"action": "save", "mail_replies": "hourly"}
    )
    assert response.status_code == 400
    assert not Preference.objects.filter(member=member).exists()


def test_follow_button_works_without_javascript(member_client, member):
    event = EventFactory()
    page = member_client.get(event.get_absolute_url())
    assert b'action="/notifications/follow/"' in page.content
    response = member_client.post(
        "/notifications/follow/",
        {"key": object_key(event), "next": event.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert Follow.objects.filter(member=member, key=object_key(event)).exists()
    page = member_client.get(event.get_absolute_url())
    assert b'aria-pressed="true"' in page.content
    member_client.post(
        "/notifications/follow/", {"key": object_key(event), "action": "unfollow"}
    )
    assert not Follow.objects.filter(member=member).exists()


def test_follow_refuses_an_outside_next(member_client):
    event = EventFactory()
    response = member_client.post(
        "/notifications/follow/",
        {"key": object_key(event), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_follow_a_region_and_a_theme_from_the_page(member_client, member):
    from taggit.models import Tag

    Tag.objects.create(name="Water", slug="water")
    member_client.post(
        "/me/notifications/",
        {"action": "topic", "tag": "water", "region": "latin-america-caribbean"},
    )
    keys = set(Follow.objects.filter(member=member).values_list("key", flat=True))
    assert keys == {"tag:water", "region:latin-america-caribbean"}


def test_unsubscribe_without_signing_in(client):
    member = MemberFactory()
    url = unsubscribe_url(member_id=member.pk, kind=Kind.REPLIES)
    path = url.removeprefix("https://kshub.example.org")
    page = client.get(path)
    assert page.status_code == 200
    assert not Preference.objects.filter(member=member).exists()  # GET asks only
    done = client.post(path)
    assert done.status_code == 200
    assert b"no longer receive" in done.content
    assert Preference.objects.get(member=member, kind="replies").frequency == "off"


def test_one_click_unsubscribe_from_a_followed_thing(client):
    member = MemberFactory()
    event = EventFactory()
    services.follow(member=member, key=object_key(event))
    url = unsubscribe_url(member_id=member.pk, key=object_key(event))
    response = client.post(
        url.removeprefix("https://kshub.example.org"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Follow.objects.filter(member=member).exists()


def test_tampered_unsubscribe_token_is_refused(client):
    member = MemberFactory()
    url = unsubscribe_url(member_id=member.pk, kind=Kind.REPLIES)
    path = url.removeprefix("https://kshub.example.org")[:-3] + "xx/"
    assert client.post(path).status_code == 400
    assert not Preference.objects.filter(member=member).exists()


def test_done_when_follow_comment_reply_by_mail_unsubscribe(
    client, settings, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    """The issue's story, with mail written to files as in development."""
    from email import message_from_bytes, policy

    from tests.notifications.mails import WEBMAIL_BODY, reply
    from tests.notifications.test_inbound import receive_mail

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": tmp_path},
        }
    }
    hlm2 = EventFactory(title="HLM2", short_name="HLM2")
    first, other = MemberFactory(), MemberFactory()
    services.follow(member=first, key=object_key(hlm2))
    services.set_preferences(member=first, choices={Kind.COMMENTS: "instant"})

    def landed():
        files = sorted(tmp_path.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        raw = b"".join(path.read_bytes() for path in files)
        return [
            message_from_bytes(b"Content-Type" + part, policy=policy.default)
            for part in raw.split(b"Content-Type")[1:]
            if part.startswith(b": multipart")
        ]

    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(author=other, target=hlm2, body="Who has the figures?")
    [notice] = landed()
    assert notice["To"] == first.email
    reply_to = str(notice["Reply-To"])
    raw = reply(sender=first.email, to=reply_to, body=WEBMAIL_BODY)
    assert receive_mail(raw, monkeypatch) == "posted"
    page = client.get(hlm2.get_absolute_url())
    assert b"I will bring the figures" in page.content
    assert b"On Mon, 7 Dec 2026" not in page.content

    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(author=other, target=hlm2, body="Thank you, Ana.")
    second_notice = landed()[-1]
    link = str(second_notice["List-Unsubscribe"]).strip("<>")
    client.post(link.removeprefix("https://kshub.example.org"))
    count = len(landed())
    with django_capture_on_commit_callbacks(execute=True):
        comments.post_comment(author=MemberFactory(), target=hlm2, body="Late news.")
    assert len(landed()) == count
    assert mail.outbox == []
