"""Background work for events: messages that need not hold up a request."""

from urllib.parse import urlsplit

from django.tasks import task

from members.mail import send_to_member, site_url

from .exports import event_calendar
from .models import Event, Registration

EMAIL = "events/email/"


def calendar_attachment(event: Event) -> tuple[str, bytes, str]:
    """The event's .ics, with links built from the site's address."""
    sessions = event.sessions.select_related("dimension").prefetch_related(
        "speakers__institution"
    )
    content = event_calendar(
        event,
        sessions,
        host=urlsplit(site_url()).hostname or "localhost",
        absolute=lambda path: site_url() + path,
    )
    return (f"{event.slug}.ics", content, "text/calendar")


def _send(registration: Registration, name: str) -> None:
    member = registration.member
    send_to_member(
        member,
        f"{EMAIL}{name}_subject.txt",
        f"{EMAIL}{name}_body.txt",
        {"event": registration.event, "profile": getattr(member, "profile", None)},
        attachments=[calendar_attachment(registration.event)],
    )


@task
def send_promotion_mail(registration_id: int) -> None:
    """Tell a member who was on the waiting list that a place is now theirs."""
    registration = (
        Registration.objects.select_related("event", "member__profile")
        .filter(pk=registration_id, status=Registration.Status.REGISTERED)
        .first()
    )
    if registration is not None:
        _send(registration, "promoted")


@task
def send_registration_mail(registration_id: int) -> None:
    """Confirm a registration, or a place on the waiting list, with the .ics."""
    registration = (
        Registration.objects.select_related("event", "member__profile")
        .filter(pk=registration_id)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is not None:
        _send(registration, str(registration.status))
