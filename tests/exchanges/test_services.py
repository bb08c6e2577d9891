import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from exchanges import agreements, services
from exchanges.models import Exchange, KnowledgeRequest, Thread
from notifications.models import Preference
from tests import factories
from tests.exchanges.conftest import member_of, offer_data, request_data

pytestmark = pytest.mark.django_db

START = datetime.date(2099, 3, 1)
END = datetime.date(2099, 3, 5)


def _agreed(pair, django_capture_on_commit_callbacks):
    request = services.create_request(**request_data(pair))
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.offer_help(
            member=pair.provider, request=request, message="We can help."
        )
        agreements.agree_exchange(
            thread=thread,
            member=pair.provider,
            modality="peer_workshop",
            starts_on=START,
            ends_on=END,
        )
        exchange = agreements.agree_exchange(
            thread=thread,
            member=pair.seeker,
            modality="peer_workshop",
            starts_on=START,
            ends_on=END,
        )
    return request, thread, exchange


def test_create_request_published_at_once_and_searchable(pair):
    request = services.create_request(**request_data(pair))
    assert request.status == "open"
    assert request.countries == ["PK"]
    assert request.institution == pair.seeker.profile.institution
    assert KnowledgeRequest.objects.active().matching("evaluation").get() == request


def test_create_request_refuses_a_member_without_institution(pair):
    loner = factories.MemberFactory()
    with pytest.raises(PermissionDenied):
        services.create_request(**request_data(pair, member=loner))
    assert not KnowledgeRequest.objects.exists()


def test_create_request_refuses_another_institution(pair):
    with pytest.raises(ValidationError) as error:
        services.create_request(
            **request_data(pair, institution=pair.provider.profile.institution)
        )
    assert "institution" in error.value.message_dict


def test_create_request_needs_a_dimension_and_known_modalities(pair):
    with pytest.raises(ValidationError):
        services.create_request(**request_data(pair, dimensions=[]))
    with pytest.raises(ValidationError):
        services.create_request(**request_data(pair, modalities=["teleportation"]))
    assert not KnowledgeRequest.objects.exists()


def test_new_request_mails_institutions_offering_its_dimension(
    pair, django_capture_on_commit_callbacks
):
    services.create_offer(**offer_data(pair))
    pair.provider.profile.preferred_language = "es"
    pair.provider.profile.save()
    # Matches wait for the weekly digest unless the member asks for them at once.
    Preference.objects.create(member=pair.provider, kind="matches", frequency="instant")
    with django_capture_on_commit_callbacks(execute=True):
        services.create_request(**request_data(pair))
    assert [m.to for m in mail.outbox] == [[pair.provider.email]]
    assert "solicitud" in mail.outbox[0].subject


def test_offer_help_opens_a_private_thread_and_mails_the_requester(
    pair, django_capture_on_commit_callbacks
):
    request = services.create_request(**request_data(pair))
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.offer_help(
            member=pair.provider, request=request, message="We did this in Chile."
        )
    assert set(thread.participants.all()) == {pair.seeker, pair.provider}
    assert thread.seeker == pair.seeker.profile.institution
    request.refresh_from_db()
    assert request.status == "conversation"
    assert [m.to for m in mail.outbox] == [[pair.seeker.email]]
    assert pair.provider.email not in mail.outbox[0].body


def test_offer_help_twice_from_one_institution_is_refused(pair):
    request = services.create_request(**request_data(pair))
    services.offer_help(member=pair.provider, request=request, message="Hello")
    colleague = member_of(pair.provider.profile.institution)
    with translation.override("en"), pytest.raises(ValidationError, match="already"):
        services.offer_help(member=colleague, request=request, message="Hi again")
    assert Thread.objects.count() == 1


def test_offer_help_to_own_request_is_refused(pair):
    request = services.create_request(**request_data(pair))
    with pytest.raises(ValidationError):
        services.offer_help(member=pair.seeker, request=request, message="Me")


def test_thread_is_private_to_participants_and_moderators(pair):
    request = services.create_request(**request_data(pair))
    thread = services.offer_help(member=pair.provider, request=request, message="Hi")
    stranger = factories.MemberFactory()
    assert not Thread.objects.visible_to(stranger).exists()
    assert Thread.objects.visible_to(factories.ModeratorFactory()).get() == thread
    with pytest.raises(PermissionDenied):
        services.post_message(thread=thread, member=stranger, body="Let me in")


def test_agreement_needs_both_sides_on_the_same_terms(
    pair, django_capture_on_commit_callbacks
):
    request = services.create_request(**request_data(pair))
    thread = services.offer_help(member=pair.provider, request=request, message="Hi")
    first = agreements.agree_exchange(
        thread=thread,
        member=pair.provider,
        modality="peer_workshop",
        starts_on=START,
        ends_on=END,
    )
    assert first is None
    other_terms = agreements.agree_exchange(
        thread=thread,
        member=pair.seeker,
        modality="virtual",
        starts_on=START,
        ends_on=END,
    )
    assert other_terms is None
    assert not Exchange.objects.exists()
    exchange = agreements.agree_exchange(
        thread=thread,
        member=pair.provider,
        modality="virtual",
        starts_on=START,
        ends_on=END,
    )
    assert exchange.status == "agreed"
    assert {p.side: p.institution for p in exchange.parties.all()} == {
        "seeker": pair.seeker.profile.institution,
        "provider": pair.provider.profile.institution,
    }
    request.refresh_from_db()
    assert request.status == "matched"


def test_agreement_with_end_before_start_is_refused(pair):
    request = services.create_request(**request_data(pair))
    thread = services.offer_help(member=pair.provider, request=request, message="Hi")
    with pytest.raises(ValidationError):
        agreements.agree_exchange(
            thread=thread,
            member=pair.provider,
            modality="virtual",
            starts_on=END,
            ends_on=START,
        )


def test_exchange_completed_with_results_becomes_a_case_story_draft(
    pair, django_capture_on_commit_callbacks
):
    request, _thread, exchange = _agreed(pair, django_capture_on_commit_callbacks)
    assert {tuple(m.to) for m in mail.outbox} >= {
        (pair.seeker.email,),
        (pair.provider.email,),
    }
    agreements.set_exchange_status(
        exchange=exchange, member=pair.seeker, status="under_way"
    )
    agreements.set_exchange_status(
        exchange=exchange, member=pair.provider, status="completed"
    )
    with pytest.raises(ValidationError):
        agreements.set_exchange_status(
            exchange=exchange, member=pair.provider, status="dropped"
        )
    agreements.record_results(
        exchange=exchange, member=pair.seeker, results="A new evaluation unit."
    )
    with pytest.raises(PermissionDenied):
        agreements.draft_case_story(exchange=exchange, member=pair.provider)
    story = agreements.draft_case_story(exchange=exchange, member=pair.seeker)
    assert story.status == "draft"
    assert story.results == "A new evaluation unit."
    assert story.lead_institution == pair.seeker.profile.institution
    assert list(story.dimensions.all()) == [pair.dimension]
    exchange.refresh_from_db()
    assert exchange.case_story == story
    request.refresh_from_db()
    assert request.status == "fulfilled"
    assert Exchange.objects.completed().count() == 1


def test_exchange_queryset_for_impact(pair, django_capture_on_commit_callbacks):
    _request, _thread, exchange = _agreed(pair, django_capture_on_commit_callbacks)
    agreements.set_exchange_status(
        exchange=exchange, member=pair.seeker, status="completed"
    )
    assert Exchange.objects.completed().by_modality("peer_workshop").count() == 1
    year = exchange.__class__.objects.get().completed_at.year
    assert Exchange.objects.count_by_modality_and_year() == [
        {"modality": "peer_workshop", "year": year, "count": 1}
    ]
    assert Exchange.objects.completed().flows() == [
        {
            "provider": pair.provider.profile.institution.slug,
            "provider_country": "CL",
            "recipient": pair.seeker.profile.institution.slug,
            "recipient_country": "PK",
            "count": 1,
        }
    ]


def test_outsiders_cannot_change_an_exchange(pair, django_capture_on_commit_callbacks):
    _request, _thread, exchange = _agreed(pair, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        agreements.set_exchange_status(
            exchange=exchange, member=factories.MemberFactory(), status="dropped"
        )


def test_reminders_expire_remind_once(pair, django_capture_on_commit_callbacks):
    today = datetime.date(2099, 12, 28)
    request = services.create_request(**request_data(pair))
    old = services.create_request(**request_data(pair, needed_by="2099-12-01"))
    with django_capture_on_commit_callbacks(execute=True):
        counts = agreements.send_reminders(today=today)
    assert counts == {"expired": 1, "expiry_reminders": 1, "results_reminders": 0}
    old.refresh_from_db()
    assert old.status == "expired"
    assert [m.to for m in mail.outbox] == [[pair.seeker.email]]
    assert request.title in mail.outbox[0].subject
    assert agreements.send_reminders(today=today)["expiry_reminders"] == 0


def test_results_reminder_after_the_end(pair, django_capture_on_commit_callbacks):
    _agreed(pair, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = agreements.send_reminders(today=END + datetime.timedelta(days=1))
    assert counts["results_reminders"] == 1
    assert len(mail.outbox) == 2


def test_constraints_hold_in_the_database(pair):
    request = services.create_request(**request_data(pair))
    with pytest.raises(IntegrityError), transaction.atomic():
        KnowledgeRequest.objects.filter(pk=request.pk).update(status="fulfilled")
    with pytest.raises(IntegrityError), transaction.atomic():
        KnowledgeRequest.objects.filter(pk=request.pk).update(languages=["xx"])
