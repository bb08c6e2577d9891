"""The other mails a member expects: registrations with the .ics, reminders, the
community digest's unsubscribe, and account mail in the portal's voice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.services import register_for_event
from members.models import Profile
from notifications import services
from notifications.models import Kind, Preference
from tests.factories import (
    CaseStoryFactory,
    EventFactory,
    MemberFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def test_registration_is_confirmed_with_the_calendar(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(title="HLM2", capacity=1)
    first, second = MemberFactory(), MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, member=first)
        register_for_event(event=event, member=second)
    registered, waitlisted = mail.outbox
    assert registered.to == [first.email]
    assert "registered for HLM2" in registered.subject
    assert "waiting list" in waitlisted.subject
    [(filename, content, mimetype)] = registered.attachments
    assert filename == f"{event.slug}.ics"
    assert mimetype == "text/calendar"
    text = content.decode() if isinstance(content, bytes) else content
    assert "BEGIN:VCALENDAR" in text
    assert "https://kshub.example.org/events/" in text


def test_reminder_the_day_before_once(django_capture_on_commit_callbacks):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    event = EventFactory(starts_on=tomorrow, ends_on=tomorrow)
    registration = RegistrationFactory(event=event)
    RegistrationFactory(event=EventFactory())  # not tomorrow
    assert services.send_event_reminders() == 1
    assert services.send_event_reminders() == 0
    [message] = mail.outbox
    assert message.to == [registration.member.email]
    assert event.title in message.subject
    assert "List-Unsubscribe" in message.extra_headers


def test_reminders_can_be_turned_off():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    registration = RegistrationFactory(
        event=EventFactory(starts_on=tomorrow, ends_on=tomorrow)
    )
    services.set_preferences(
        member=registration.member, choices={Kind.REMINDERS: "off"}
    )
    assert services.send_event_reminders() == 0


def test_community_digest_follows_the_preference_and_can_be_left(
    django_capture_on_commit_callbacks,
):
    CaseStoryFactory(title="Mapping disaster risk")
    chosen, left = MemberFactory(), MemberFactory()
    Profile.objects.filter(user=left).update(weekly_digest=True)
    Preference.objects.create(member=chosen, kind="digest", frequency="weekly")
    Preference.objects.create(member=left, kind="digest", frequency="off")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_weekly_digest")
    [message] = mail.outbox
    assert message.to == [chosen.email]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://kshub.example.org/notifications/unsubscribe/")
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


def test_account_mail_speaks_for_the_portal_with_links_from_site_url(client):
    member = MemberFactory()
    client.post("/accounts/password/reset/", {"email": member.email})
    [message] = mail.outbox
    assert "Hello from" not in message.body
    assert "testserver" not in message.body
    assert "https://kshub.example.org/accounts/password/reset/key/" in message.body
    assert "The KS Hub team" in message.body


def test_proposer_hears_the_institution_decision(django_capture_on_commit_callbacks):
    from members.services import approve_institution, reject_institution
    from tests.factories import InstitutionFactory, ModeratorFactory

    proposer, moderator = MemberFactory(), ModeratorFactory()
    kept = InstitutionFactory(name="Planning Institute", verified=False)
    dropped = InstitutionFactory(name="Nowhere Office", verified=False)
    for institution in (kept, dropped):
        institution.proposed_by = proposer
        institution.save()
    with django_capture_on_commit_callbacks(execute=True):
        approve_institution(institution=kept, moderator=moderator)
        reject_institution(
            institution=dropped, moderator=moderator, reason="Not an institution."
        )
    approved, declined = mail.outbox
    assert "Planning Institute is now on KS Hub" in approved.subject
    assert f"https://kshub.example.org{kept.get_absolute_url()}" in approved.body
    assert "declined" in declined.subject
    assert "Not an institution." in declined.body
