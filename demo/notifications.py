"""Load what the demo member follows (``demo/data/notifications.yaml``). Safe to
run any number of times: following twice changes nothing."""

from django.db import transaction

from events.models import Event
from members.models import User
from notifications.followable import object_key
from notifications.services import follow

from .loading import read_data


@transaction.atomic
def load() -> None:
    for spec in read_data("notifications")["follows"]:
        member = User.objects.filter(username=spec["member"]).first()
        if member is None:
            continue
        if "event" in spec:
            event = Event.objects.filter(slug=spec["event"]).first()
            key = object_key(event) if event is not None else ""
        else:
            key = f"dimension:{spec['dimension']}"
        if key:
            follow(member=member, key=key, automatic=True)
