import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry
from events import services
from events.models import Registration
from tests import factories
from tests.conftest import after_commit

pytestmark = pytest.mark.django_db


def test_register_for_event_registers_a_verified_member(member):
    event = factories.EventFactory(capacity=2)

    registration = services.register_for_event(event=event, member=member)

    assert registration.status == Registration.Status.REGISTERED
    assert registration.event == event
    assert registration.member == member


def test_register_for_event_waitlists_when_full():
    event = factories.EventFactory(capacity=1)
    services.register_for_event(event=event, member=factories.MemberFactory())

    late = services.register_for_event(event=event, member=factories.MemberFactory())

    assert late.status == Registration.Status.WAITLISTED
    assert event.registrations.registered().count() == 1


def test_register_for_event_without_capacity_is_unlimited():
    event = factories.EventFactory(capacity=None)

    statuses = {
        services.register_for_event(
            event=event, member=factories.MemberFactory()
        ).status
        for _ in range(3)
    }

    assert statuses == {Registration.Status.REGISTERED}


def test_register_for_event_twice_gives_one_row(member):
    event = factories.EventFactory(capacity=5)

    first = services.register_for_event(event=event, member=member)
    second = services.register_for_event(event=event, member=member)

    assert first.pk == second.pk
    assert Registration.objects.filter(event=event, member=member).count() == 1
    assert second.status == Registration.Status.REGISTERED


def test_register_for_event_twice_when_waitlisted_keeps_the_place_in_queue():
    event = factories.EventFactory(capacity=1)
    services.register_for_event(event=event, member=factories.MemberFactory())
    waiting = factories.MemberFactory()
    first = services.register_for_event(event=event, member=waiting)

    again = services.register_for_event(event=event, member=waiting)

    assert again.pk == first.pk
    assert again.status == Registration.Status.WAITLISTED
    assert again.created_at == first.created_at


def test_register_for_event_refuses_unverified_member(unverified_member):
    event = factories.EventFactory()

    with pytest.raises(PermissionDenied):
        services.register_for_event(event=event, member=unverified_member)

    assert not Registration.objects.exists()


def test_register_for_event_refuses_suspended_member(member):
    member.suspended_at = timezone.now()
    member.save()

    with pytest.raises(PermissionDenied):
        services.register_for_event(event=factories.EventFactory(), member=member)


def test_register_for_event_refuses_past_event(member):
    today = timezone.localdate()
    event = factories.EventFactory(
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today - datetime.timedelta(days=28),
        registration_open=True,
    )

    with pytest.raises(ValidationError):
        services.register_for_event(event=event, member=member)

    assert not Registration.objects.exists()


def test_register_for_event_refuses_when_closed_by_moderator(member):
    event = factories.EventFactory(registration_open=False)

    with pytest.raises(ValidationError):
        services.register_for_event(event=event, member=member)


def test_register_for_event_refuses_after_closing_date(member):
    event = factories.EventFactory(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    with pytest.raises(ValidationError):
        services.register_for_event(event=event, member=member)


def test_register_for_event_accepts_before_closing_date(member):
    event = factories.EventFactory(
        registration_closes_at=timezone.now() + datetime.timedelta(days=1)
    )

    registration = services.register_for_event(event=event, member=member)

    assert registration.status == Registration.Status.REGISTERED


def test_register_for_event_after_cancelling_joins_the_end_of_the_queue():
    event = factories.EventFactory(capacity=1)
    holder = factories.MemberFactory()
    services.register_for_event(event=event, member=holder)
    first_waiting = factories.MemberFactory()
    services.register_for_event(event=event, member=first_waiting)
    fickle = factories.MemberFactory()
    services.register_for_event(event=event, member=fickle)
    services.cancel_registration(event=event, member=fickle)

    again = services.register_for_event(event=event, member=fickle)
    services.cancel_registration(event=event, member=holder)

    assert again.status == Registration.Status.WAITLISTED
    assert Registration.objects.get(member=first_waiting).status == "registered"
    assert Registration.objects.get(member=fickle).status == "waitlisted"
    assert Registration.objects.filter(event=event, member=fickle).count() == 1


def test_cancel_registration_promotes_exactly_one_and_mails_them(
    django_capture_on_commit_callbacks,
):
    event = factories.EventFactory(capacity=2)
    registered = [factories.MemberFactory() for _ in range(2)]
    waiting = [factories.MemberFactory() for _ in range(3)]
    for member in registered + waiting:
        services.register_for_event(event=event, member=member)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(event=event, member=registered[0])

    statuses = dict(
        Registration.objects.filter(event=event).values_list("member", "status")
    )
    assert statuses[registered[0].pk] == "cancelled"
    assert statuses[waiting[0].pk] == "registered"
    assert statuses[waiting[1].pk] == "waitlisted"
    assert statuses[waiting[2].pk] == "waitlisted"
    assert event.registrations.registered().count() == 2
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [waiting[0].email]
    assert event.title in mail.outbox[0].subject
    assert event.get_absolute_url() in mail.outbox[0].body


def test_cancel_registration_sends_no_mail_before_commit(
    django_capture_on_commit_callbacks,
):
    event = factories.EventFactory(capacity=1)
    holder, waiting = factories.MemberFactory(), factories.MemberFactory()
    services.register_for_event(event=event, member=holder)
    services.register_for_event(event=event, member=waiting)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cancel_registration(event=event, member=holder)

    assert len(after_commit(callbacks)) == 1
    assert mail.outbox == []


def test_cancel_registration_of_waitlisted_promotes_nobody(
    django_capture_on_commit_callbacks,
):
    event = factories.EventFactory(capacity=1)
    holder = factories.MemberFactory()
    services.register_for_event(event=event, member=holder)
    first, second = factories.MemberFactory(), factories.MemberFactory()
    services.register_for_event(event=event, member=first)
    services.register_for_event(event=event, member=second)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(event=event, member=first)

    assert Registration.objects.get(member=second).status == "waitlisted"
    assert Registration.objects.get(member=holder).status == "registered"
    assert mail.outbox == []


def test_cancel_registration_when_not_registered_changes_nothing(member):
    event = factories.EventFactory()

    assert services.cancel_registration(event=event, member=member) is None
    assert not Registration.objects.exists()


def test_close_registration_records_the_moderator(moderator, member):
    event = factories.EventFactory()

    services.close_registration(event=event, moderator=moderator, reason="Full venue")

    event.refresh_from_db()
    assert event.registration_open is False
    entry = AuditEntry.objects.get()
    assert entry.actor == moderator
    assert entry.action == "event.close_registration"
    assert entry.reason == "Full venue"
    with pytest.raises(ValidationError):
        services.register_for_event(event=event, member=member)


def test_open_registration_records_the_moderator(moderator, member):
    event = factories.EventFactory(registration_open=False)

    services.open_registration(event=event, moderator=moderator)

    event.refresh_from_db()
    assert event.registration_open is True
    assert AuditEntry.objects.get().action == "event.open_registration"
    assert services.register_for_event(event=event, member=member).status == (
        "registered"
    )


def test_close_registration_refuses_members(member):
    event = factories.EventFactory()

    with pytest.raises(PermissionDenied):
        services.close_registration(event=event, moderator=member)

    event.refresh_from_db()
    assert event.registration_open is True
    assert not AuditEntry.objects.exists()
