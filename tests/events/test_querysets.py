import pytest

from events.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db


def test_standing_of_gives_the_place_in_the_queue_in_queue_order(member):
    event = factories.EventFactory(capacity=1)
    factories.RegistrationFactory(event=event)
    ahead = factories.RegistrationFactory(event=event, status="waitlisted")
    mine = factories.RegistrationFactory(
        event=event, member=member, status="waitlisted"
    )
    factories.RegistrationFactory(event=event, status="waitlisted")
    factories.RegistrationFactory(event=factories.EventFactory(), status="waitlisted")
    # At the same instant the lower id goes first.
    event.registrations.update(created_at=ahead.created_at)

    standing = Registration.objects.standing_of(event, member)

    assert standing == ("waitlisted", 2)
    assert list(event.registrations.queue()).index(mine) + 1 == 2


def test_standing_of_a_member_not_on_the_waiting_list(member):
    event = factories.EventFactory()
    assert Registration.objects.standing_of(event, member) == (None, None)

    factories.RegistrationFactory(event=event, member=member, status="cancelled")

    assert Registration.objects.standing_of(event, member) == ("cancelled", None)
