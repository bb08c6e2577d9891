"""Requests and offers from institutions not yet verified wait for review; members
flag them as comments; moderators settle both from the desk, with audit entries;
offer holders are told of a matching request once it is listed."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry
from exchanges import review, services
from exchanges.models import KnowledgeOffer, KnowledgeRequest, ListingFlag
from notifications.models import Preference
from tests import factories
from tests.exchanges.conftest import member_of, offer_data, request_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return member_of(
        factories.InstitutionFactory(name="Lahore Office", verified=False),
        username="newcomer",
    )


def _held_request(pair, newcomer, captured):
    with captured(execute=True):
        return services.create_request(**request_data(pair, member=newcomer))


def _matches_at_once(*members) -> None:
    """Matches come in the weekly digest unless the member asks for them at once."""
    for member in members:
        Preference.objects.create(member=member, kind="matches", frequency="instant")


def test_listing_from_unverified_institution_is_held_not_refused(
    pair, newcomer, django_capture_on_commit_callbacks
):
    _matches_at_once(pair.provider)
    services.create_offer(**offer_data(pair))
    request = _held_request(pair, newcomer, django_capture_on_commit_callbacks)
    assert request.awaiting_review
    assert not request.is_listed
    assert not KnowledgeRequest.objects.listed().exists()
    assert KnowledgeRequest.objects.visible_to(newcomer).get() == request
    assert not KnowledgeRequest.objects.visible_to(pair.provider).exists()
    assert mail.outbox == []  # nobody is told before a moderator approves
    offer = services.create_offer(**offer_data(pair, member=newcomer))
    assert offer.awaiting_review
    assert list(KnowledgeOffer.objects.awaiting_review()) == [offer]


def test_approving_lists_the_request_mails_matching_offers_and_audits(
    pair, newcomer, moderator, django_capture_on_commit_callbacks
):
    _matches_at_once(pair.provider)
    services.create_offer(**offer_data(pair))
    request = _held_request(pair, newcomer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        review.approve_listing(item=request, moderator=moderator)
    request.refresh_from_db()
    assert request.is_listed
    assert [m.to for m in mail.outbox] == [[pair.provider.email]]
    assert AuditEntry.objects.filter(action="approve", target_id=request.pk).exists()
    with pytest.raises(ValidationError):
        review.approve_listing(item=request, moderator=moderator)
    with pytest.raises(PermissionDenied):
        review.approve_listing(item=request, moderator=pair.provider)


def test_matching_request_mails_offer_contact_and_institution_contact_once(
    pair, django_capture_on_commit_callbacks
):
    institution = pair.provider.profile.institution
    registrant = member_of(institution, username="registrant")
    registrant.profile.preferred_language = "fr"
    registrant.profile.save()
    institution.proposed_by = registrant
    institution.save()
    _matches_at_once(pair.provider, registrant)
    services.create_offer(**offer_data(pair))
    services.create_offer(**offer_data(pair, title="A second offer"))
    with django_capture_on_commit_callbacks(execute=True):
        services.create_request(**request_data(pair))
    sent = {m.to[0]: m for m in mail.outbox}
    assert sorted(sent) == sorted([pair.provider.email, registrant.email])
    assert len(mail.outbox) == 2
    assert "demande" in sent[registrant.email].subject.lower()


def test_flags_hold_a_listing_at_the_threshold_until_dismissed(
    pair, moderator, settings, django_capture_on_commit_callbacks
):
    settings.COMMENT_FLAG_THRESHOLD = 2
    request = services.create_request(**request_data(pair))
    flaggers = [factories.MemberFactory() for _ in range(2)]
    review.flag_listing(item=request, member=flaggers[0], reason="spam")
    review.flag_listing(item=request, member=flaggers[0], reason="spam")  # once
    request.refresh_from_db()
    assert request.is_listed
    assert list(KnowledgeRequest.objects.flagged()) == [request]
    with django_capture_on_commit_callbacks(execute=True):
        review.flag_listing(item=request, member=flaggers[1], reason="abuse")
    request.refresh_from_db()
    assert request.awaiting_review
    assert [m.to for m in mail.outbox] == [["moderators@kshub.example"]]
    review.dismiss_listing_flags(item=request, moderator=moderator)
    request.refresh_from_db()
    assert request.is_listed
    assert not KnowledgeRequest.objects.flagged().exists()
    assert AuditEntry.objects.filter(action="dismiss_flags").count() == 1


def test_flag_refuses_the_contact_a_bad_reason_and_an_unlisted_item(pair, moderator):
    request = services.create_request(**request_data(pair))
    with pytest.raises(ValidationError):
        review.flag_listing(item=request, member=pair.seeker, reason="spam")
    with pytest.raises(ValidationError):
        review.flag_listing(item=request, member=pair.provider, reason="nonsense")
    review.hide_listing(item=request, moderator=moderator, reason="Spam.")
    with pytest.raises(ValidationError):
        review.flag_listing(item=request, member=pair.provider, reason="spam")
    assert not ListingFlag.objects.exists()


def test_flag_view_and_desk_queue(client, pair, moderator, settings):
    settings.COMMENT_FLAG_THRESHOLD = 1
    request = services.create_request(**request_data(pair))
    client.force_login(pair.provider)
    url = f"/exchange/requests/{request.slug}/flag/"
    assert client.post(url, {"reason": "teleport"}).status_code == 400
    response = client.post(url, {"reason": "spam", "note": "<b>ads</b>"})
    assert response.status_code == 302
    assert client.get(request.get_absolute_url()).status_code == 404  # held
    client.force_login(moderator)
    page = client.get("/moderation/exchanges/?tab=flagged")
    assert request.title in page.text
    assert "&lt;b&gt;ads&lt;/b&gt;" in page.text
    assert request.title in client.get("/moderation/exchanges/").text
    assert "1</strong>" in client.get("/moderation/").text
    action = f"/moderation/exchanges/request/{request.pk}/dismiss/"
    assert client.post(action).status_code == 302
    request.refresh_from_db()
    assert request.is_listed
    assert (
        client.post(f"/moderation/exchanges/thread/{request.pk}/hide/").status_code
        == 404
    )
    hide = f"/moderation/exchanges/request/{request.pk}/hide/"
    client.post(hide, {"reason": "Off topic."})
    request.refresh_from_db()
    assert request.hidden
    assert AuditEntry.objects.get(action="hide").reason == "Off topic."


def test_new_request_form_welcomes_unverified_and_prefills_dimension(
    client, pair, newcomer
):
    client.force_login(newcomer)
    page = client.get(
        "/exchange/requests/new/?title=Help&dimension=measuring-results&context=Notes"
    )
    assert page.status_code == 200
    assert "not verified yet" in page.text
    assert 'value="Help"' in page.text
    checked = page.context["form"]["dimensions"].initial
    assert checked == [pair.dimension.pk]
    assert page.context["form"]["context"].initial == "Notes"
    assert page.context["form"]["languages"].initial == ["en"]
    assert page.context["form"]["needed_by"].initial > timezone.localdate()
    assert client.get("/exchange/requests/new/?dimension=nope").status_code == 200


def test_me_lists_the_members_requests_and_offers_with_their_review_state(
    client, pair, newcomer
):
    held = services.create_request(**request_data(pair, member=newcomer))
    offer = services.create_offer(**offer_data(pair, member=newcomer))
    client.force_login(newcomer)
    page = client.get("/me/").content.decode()
    assert held.get_absolute_url() in page
    assert offer.get_absolute_url() in page
    assert page.count("Waiting for review") == 2


def test_member_export_holds_their_flags_on_listings(pair):
    from members.services import export_member_data

    request = services.create_request(**request_data(pair))
    review.flag_listing(item=request, member=pair.provider, reason="spam", note="Ads")
    rows = export_member_data(user=pair.provider)["listing_flags"]
    assert rows == [
        {
            "listing": request.get_absolute_url(),
            "reason": "spam",
            "note": "Ads",
            "created_at": rows[0]["created_at"],
        }
    ]
    assert export_member_data(user=pair.seeker)["listing_flags"] == []


@pytest.mark.parametrize("language", ["es", "fr"])
def test_date_pickers_keep_their_dates_in_every_language(client, pair, language):
    """A date shown in the local format (31/12/2099) is dropped by the browser's
    date picker: editing a request in Spanish lost its date."""
    request = services.create_request(**request_data(pair))
    client.force_login(pair.seeker)
    client.cookies["django_language"] = language
    page = client.get(f"{request.get_absolute_url()}edit/").text
    assert 'value="2099-12-31"' in page
    new = client.get("/exchange/requests/new/").text
    assert f'value="{timezone.localdate() + datetime.timedelta(days=180)}"' in new
