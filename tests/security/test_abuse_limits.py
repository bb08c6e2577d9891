"""Abuse limits: sign-in, sign-up, password reset and the admin sign-in (all through
allauth), comments, flags and uploads with a tighter limit for new accounts; a
forged X-Forwarded-For header does not reset any of them."""

import datetime
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from kshub.settings import base
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    """The rate limits of every environment (the test settings turn them off)."""
    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def limited(response) -> bool:
    """allauth answers a limited sign-in with the form and its error, others with
    429."""
    if response.status_code == 429:
        return True
    form = (response.context or {}).get("form")
    return bool(form) and any(
        error.code == "too_many_login_attempts"
        for error in form.errors.as_data().get("__all__", [])
    )


def forged(n: int) -> dict:
    return {"HTTP_X_FORWARDED_FOR": f"203.0.113.{n % 250}"}


def test_failed_sign_ins_are_limited_per_address_despite_forwarded_for(limits):
    client = Client()
    answers = [
        limited(
            client.post(
                "/accounts/login/",
                {"login": f"nobody{n}@example.org", "password": "wrong-password"},
                **forged(n),
            )
        )
        for n in range(12)
    ]
    assert answers == [False] * 10 + [True, True]


def sign_in(email: str, password: str, address: str):
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address
    )
    return client, response


def test_failed_sign_ins_are_limited_per_account_and_client(limits, member):
    answers = [
        limited(sign_in(member.email, "wrong-password", "198.51.100.1")[1])
        for _ in range(6)
    ]
    assert answers == [False] * 5 + [True]
    # From that client even the right password is refused now...
    client, response = sign_in(member.email, factories.PASSWORD, "198.51.100.1")
    assert limited(response)
    assert "_auth_user_id" not in client.session
    # ...but not from the member's own: guessing elsewhere never locks them out.
    client, response = sign_in(member.email, factories.PASSWORD, "192.0.2.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_guessing_from_many_clients_never_locks_the_member_out(limits, member):
    for n in range(40):
        sign_in(member.email, "wrong-password", f"198.51.100.{n}")
    client, response = sign_in(member.email, factories.PASSWORD, "192.0.2.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_one_client_is_limited_across_addresses(limits):
    answers = [
        limited(sign_in(f"nobody{n}@example.org", "wrong", "198.51.100.3")[1])
        for n in range(11)
    ]
    assert answers == [False] * 10 + [True]


def test_the_member_is_told_once_when_their_password_is_being_guessed(
    limits, member, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        for n in range(25):
            sign_in(member.email, f"guess-{n}", f"198.51.100.{n}")
    notices = [m for m in mail.outbox if "trying to sign in" in m.subject]
    assert [m.to for m in notices] == [[member.email]]
    assert "10 times" in notices[0].body
    assert "/accounts/password/reset/" in notices[0].body


def test_the_password_reset_link_is_a_way_in_no_limit_blocks(limits, member):
    import re

    from django.core import mail

    for _ in range(6):
        sign_in(member.email, "wrong-password", "198.51.100.1")
    client = Client(REMOTE_ADDR="198.51.100.1")
    client.post("/accounts/password/reset/", {"email": member.email})
    link = re.search(r"(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)[1]
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"password1": "new-Granite-valley-7", "password2": "new-Granite-valley-7"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_sign_ups_are_limited_despite_forwarded_for(limits):
    client = Client()
    codes = [
        client.post("/accounts/signup/", {"email": "x"}, **forged(n)).status_code
        for n in range(21)
    ]
    assert 429 not in codes[:20]
    assert codes[20] == 429


def test_password_resets_are_limited_per_address(limits, member):
    codes = [
        Client()
        .post("/accounts/password/reset/", {"email": member.email}, **forged(n))
        .status_code
        for n in range(6)
    ]
    assert 429 not in codes[:5]
    assert codes[5] == 429


def test_the_admin_sign_in_is_allauths_and_shares_its_limits(limits):
    staff = factories.MemberFactory(is_staff=True, is_superuser=True)
    client = Client()
    response = client.post(
        "/admin/login/", {"username": staff.username, "password": factories.PASSWORD}
    )
    # No password is checked at the admin's own form: it sends to allauth.
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    for n in range(10):
        client.post(
            "/accounts/login/",
            {"login": staff.email, "password": f"guess-{n}"},
            **forged(n),
        )
    response = client.post(
        "/accounts/login/", {"login": staff.email, "password": factories.PASSWORD}
    )
    assert limited(response)
    assert "_auth_user_id" not in client.session


def _comment(client, target, n):
    return client.post(
        "/comments/post/",
        {
            "target": "cases.casestory",
            "object_id": target.pk,
            "body": f"Comment number {n}.",
            "submission_key": str(uuid.uuid4()),
        },
        **forged(n),
    )


def test_new_accounts_get_a_tighter_comment_limit(limits):
    target = factories.CaseStoryFactory()
    client = Client()
    client.force_login(factories.MemberFactory())
    codes = [_comment(client, target, n).status_code for n in range(3)]
    assert codes == [302, 302, 429]


def test_established_members_get_the_normal_comment_limit(limits):
    target = factories.CaseStoryFactory()
    member = factories.MemberFactory(
        date_joined=timezone.now() - datetime.timedelta(days=30)
    )
    client = Client()
    client.force_login(member)
    codes = [_comment(client, target, n).status_code for n in range(6)]
    assert codes == [302] * 5 + [429]


def _flag_all(member, comments) -> list[int]:
    client = Client()
    client.force_login(member)
    return [
        client.post(
            f"/comments/{c.pk}/flag/", {"reason": "spam"}, **forged(n)
        ).status_code
        for n, c in enumerate(comments)
    ]


def test_flags_are_rate_limited_tighter_for_new_accounts(limits):
    from comments.models import Flag

    member = factories.MemberFactory()
    codes = _flag_all(member, factories.CommentFactory.create_batch(7))
    assert codes == [302] * 5 + [429, 429]
    # A refused flag is not stored.
    assert Flag.objects.filter(member=member).count() == 5


def test_flags_of_established_members_have_the_normal_limit(limits):
    member = factories.MemberFactory(
        date_joined=timezone.now() - datetime.timedelta(days=30)
    )
    codes = _flag_all(member, factories.CommentFactory.create_batch(21))
    assert codes == [302] * 20 + [429]


def test_uploads_are_rate_limited_per_member(limits, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.models import Attachment, CaseStory
    from tests.security.conftest import PNG

    member = factories.MemberFactory()
    client = Client()
    client.force_login(member)
    codes = [
        client.post(
            "/cases/new/",
            {
                "title": f"Story {n}",
                "summary": "Short.",
                "language": "en",
                "attachment": SimpleUploadedFile("p.png", PNG, "image/png"),
            },
            **forged(n),
        ).status_code
        for n in range(12)
    ]
    assert codes == [302] * 10 + [429, 429]
    # The refused upload takes its new story with it.
    assert Attachment.objects.filter(case_story__author=member).count() == 10
    assert CaseStory.objects.filter(author=member).count() == 10
    # Another member is not affected.
    other = Client()
    other.force_login(factories.MemberFactory())
    response = other.post(
        "/cases/new/",
        {
            "title": "Theirs",
            "summary": "Short.",
            "language": "en",
            "attachment": SimpleUploadedFile("p.png", PNG, "image/png"),
        },
    )
    assert response.status_code == 302
