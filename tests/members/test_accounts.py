"""Joining and signing in through allauth, with the site's abuse defences."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import reverse

from members import services
from members.access import can_participate, participant_required
from members.models import Institution, Profile, User
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "blue-Harbour-lantern-42"


def signup_data(**overrides) -> dict:
    data = {
        "display_name": "Ana Pérez",
        "email": "ana@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "country": "CL",
    }
    data.update(overrides)
    return data


def confirmation_link(message) -> str:
    return re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body
    )[1]


@pytest.fixture
def institution(db):
    return factories.InstitutionFactory(name="Korea Development Institute")


def test_signup_page_says_what_membership_gives(client):
    response = client.get(reverse("account_signup"))

    assert response.status_code == 200
    assert b"Membership is free" in response.content
    assert b'name="display_name"' in response.content
    assert b"style=" not in response.content


def test_member_journey_from_signup_to_deletion(client, institution):
    # Sign up.
    response = client.post(
        reverse("account_signup"), signup_data(institution=institution.pk)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="ana@example.org")
    assert user.username == "ana-perez"
    assert user.profile.display_name == "Ana Pérez"
    assert user.profile.institution == institution
    assert not can_participate(user)

    # The mail, in the portal's voice, holds the confirmation link; following it
    # confirms and signs in.
    assert len(mail.outbox) == 1
    assert "where development institutions share what worked" in mail.outbox[0].body
    link = confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert can_participate(user)

    # Sign out, then in again by e-mail.
    client.post(reverse("account_logout"))
    assert client.get(reverse("members:me")).status_code == 302
    response = client.post(
        reverse("account_login"), {"login": "ana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302

    # Edit the profile.
    response = client.post(
        reverse("members:me"),
        {
            "display_name": "Ana Pérez Soto",
            "username": "ana",
            "position": "Head of knowledge management",
            "institution": institution.pk,
            "country": "CL",
            "bio": "Twenty years in social programmes.",
            "expertise": "results measurement, e-learning",
            "preferred_language": "es",
            "notify_replies": "on",
            "listed_in_directory": "on",
            "show_position": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert user.username == "ana"
    assert user.profile.position == "Head of knowledge management"
    assert not user.profile.show_bio
    assert sorted(user.profile.expertise.names()) == [
        "e-learning",
        "results measurement",
    ]

    # Export.
    response = client.get(reverse("members:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["display_name"] == "Ana Pérez Soto"
    assert data["email_addresses"] == [
        {"email": "ana@example.org", "verified": True, "primary": True}
    ]

    # Delete, after re-entering the password.
    comment = factories.CommentFactory(author=user, body="Mine")
    response = client.post(reverse("members:delete"), {"password": "wrong"})
    assert response.status_code == 400
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post(reverse("members:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="ana@example.org").exists()
    comment.refresh_from_db()
    assert (comment.author, comment.body) == (None, "")
    assert client.get(reverse("members:me")).status_code == 302


def test_signup_can_propose_an_institution(client):
    response = client.post(
        reverse("account_signup"),
        signup_data(
            new_institution_name="Agencia de Cooperación",
            new_institution_acronym="AGCI",
            new_institution_country="CL",
            new_institution_kind="government",
            new_institution_website="agci.example.org",
        ),
    )

    assert response.status_code == 302
    proposal = Institution.objects.get(acronym="AGCI")
    assert not proposal.verified
    assert proposal.website == "https://agci.example.org"
    assert proposal.proposed_by.email == "ana@example.org"
    assert Profile.objects.get(user__email="ana@example.org").institution == proposal


def test_signup_requires_an_institution(client):
    response = client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert not User.objects.exists()


def test_signup_refuses_a_weak_password(client, institution):
    response = client.post(
        reverse("account_signup"),
        signup_data(
            institution=institution.pk, password1="password1", password2="password1"
        ),
    )

    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_signup_honeypot_creates_nothing(client, institution):
    response = client.post(
        reverse("account_signup"),
        signup_data(institution=institution.pk, phone_number="+1 555 0100"),
    )

    assert response.status_code == 302
    assert not User.objects.exists()
    assert mail.outbox == []


def test_signup_answers_the_same_for_known_and_unknown_emails(client, institution):
    factories.MemberFactory(email="known@example.org")

    known = client.post(
        reverse("account_signup"),
        signup_data(email="known@example.org", institution=institution.pk),
    )
    client.logout()
    unknown = client.post(
        reverse("account_signup"),
        signup_data(email="new@example.org", institution=institution.pk),
    )

    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    assert User.objects.filter(email="known@example.org").count() == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "known@example.org",
        "new@example.org",
    ]


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client):
    factories.MemberFactory(email="known@example.org")

    known = client.post(
        reverse("account_reset_password"), {"email": "known@example.org"}
    )
    unknown = client.post(
        reverse("account_reset_password"), {"email": "nobody@example.org"}
    )

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [message.to for message in mail.outbox] == [
        ["known@example.org"],
        ["nobody@example.org"],
    ]


def test_password_reset_link_sets_a_new_password(client):
    user = factories.MemberFactory(email="known@example.org")
    client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    assert "your password stays as it is" in mail.outbox[0].body
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body
    )[1]

    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0],
        {"password1": "new-Granite-valley-7", "password2": "new-Granite-valley-7"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("new-Granite-valley-7")


@pytest.fixture
def rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {
        "signup": "2/m/ip",
        "login_failed": "10/m/ip,3/5m/key",
        "reset_password": "20/m/ip,2/m/key",
    }
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("rate_limits")
def test_signup_rate_limit_trips(client, institution):
    statuses = [
        client.post(
            reverse("account_signup"),
            signup_data(email=f"person{n}@example.org", institution=institution.pk),
        ).status_code
        for n in range(3)
    ]
    client.logout()

    assert statuses == [302, 302, 429]
    assert User.objects.count() == 2


@pytest.mark.usefixtures("rate_limits")
def test_failed_login_rate_limit_trips(client, member):
    for _attempt in range(3):
        client.post(reverse("account_login"), {"login": member.email, "password": "x"})

    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": factories.PASSWORD},
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in response.content


@pytest.mark.usefixtures("rate_limits")
def test_password_reset_rate_limit_trips(client, member):
    statuses = [
        client.post(
            reverse("account_reset_password"), {"email": member.email}
        ).status_code
        for _attempt in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(mail.outbox) == 2


def test_unverified_member_cannot_sign_in_until_confirmed(client, unverified_member):
    response = client.post(
        reverse("account_login"),
        {"login": unverified_member.email, "password": factories.PASSWORD},
    )

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_participant_required_refuses_unverified_and_allows_verified(
    rf, member, unverified_member
):
    @participant_required
    def view(request):
        return HttpResponse("ok")

    request = rf.post("/")
    request.user = unverified_member
    with pytest.raises(PermissionDenied):
        view(request)

    request.user = member
    assert view(request).status_code == 200


def test_suspended_member_cannot_sign_in(client, member, moderator):
    services.suspend_member(member=member, moderator=moderator, reason="Spam")

    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": factories.PASSWORD},
    )

    assert "_auth_user_id" not in client.session
    assert response["Location"] == reverse("account_inactive")
    assert b"not active" in client.get(response["Location"]).content


def test_email_change_needs_reconfirmation(client, member):
    client.force_login(member)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "new@example.org"}
    )

    assert response.status_code == 302
    assert (
        EmailAddress.objects.get(user=member, email="new@example.org").verified is False
    )
    assert EmailAddress.objects.get(user=member, primary=True).email == member.email
    assert mail.outbox[-1].to == ["new@example.org"]
    page = client.get(reverse("account_email"))
    assert b"new@example.org" in page.content
