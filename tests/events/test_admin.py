import pytest
from django.urls import reverse

from core.models import AuditEntry
from events.models import Registration
from members.models import User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(
        User.objects.create_superuser("root", "root@example.org", "x" * 12)
    )
    return client


def test_admin_pages_of_events_load(admin_client):
    session = factories.SessionFactory()
    factories.SpeakerFactory(session=session)
    factories.DocumentFactory(event=session.event, session=session)
    factories.RegistrationFactory(event=session.event)

    urls = [
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[session.event.pk]),
        reverse("admin:events_event_add"),
        reverse("admin:events_session_changelist"),
        reverse("admin:events_session_change", args=[session.pk]),
        reverse("admin:events_document_changelist"),
        reverse("admin:events_speaker_changelist"),
        reverse("admin:events_registration_changelist"),
    ]

    assert [admin_client.get(url).status_code for url in urls] == [200] * len(urls)


def test_admin_action_closes_registration_with_audit(admin_client):
    event = factories.EventFactory()

    admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "close_registration", "_selected_action": [event.pk]},
    )

    event.refresh_from_db()
    assert event.registration_open is False
    assert AuditEntry.objects.get().action == "event.close_registration"


def test_admin_action_cancel_promotes_the_waiting_list(admin_client):
    event = factories.EventFactory(capacity=1)
    holder = factories.RegistrationFactory(event=event)
    waiting = factories.RegistrationFactory(event=event, status="waitlisted")

    admin_client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "cancel", "_selected_action": [holder.pk]},
    )

    assert Registration.objects.get(pk=holder.pk).status == "cancelled"
    assert Registration.objects.get(pk=waiting.pk).status == "registered"
