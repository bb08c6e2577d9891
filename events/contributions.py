"""A member's registrations and an institution's events, for members' pages and
export (registered with ``members.contributions`` when the app is ready).
Registrations go with a deleted account (they cascade)."""

from members.contributions import Contribution, iso, register

from .models import Event, Registration


def _owned(user):
    return (
        Registration.objects.filter(member=user)
        .select_related("event")
        .order_by("-event__starts_on")
    )


def _at_institution(institution, limit: int) -> dict:
    events = Event.objects.filter(organisers=institution).order_by("-starts_on")
    return {"events": events[:limit]}


def _export(user) -> list[dict]:
    registrations = (
        Registration.objects.filter(member=user)
        .select_related("event")
        .order_by("created_at", "id")
    )
    return [
        {
            "event": registration.event.title,
            "event_slug": registration.event.slug,
            "status": registration.status,
            "created_at": iso(registration.created_at),
        }
        for registration in registrations
    ]


def register_contributions() -> None:
    register(Contribution(name="registrations", owned=_owned, export=_export))
    register(Contribution(name="events", at_institution=_at_institution))
