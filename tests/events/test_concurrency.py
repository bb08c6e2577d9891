"""Many members press "Register" at the same instant: capacity still holds."""

import threading

import pytest
from django.db import connections

from events import services
from events.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_register_for_event_concurrently_never_exceeds_capacity():
    event = factories.EventFactory(capacity=5)
    members = [factories.MemberFactory() for _ in range(20)]
    start = threading.Barrier(len(members))
    errors = []

    def register(member):
        try:
            start.wait(timeout=30)
            services.register_for_event(event=event, member=member)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Registration.objects.filter(event=event).count() == 20
    assert Registration.objects.filter(event=event).registered().count() == 5
    assert Registration.objects.filter(event=event).waitlisted().count() == 15
