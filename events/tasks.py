"""Background work for events: messages that need not hold up a request."""

from django.tasks import task

from members.mail import send_to_member

from .models import Registration


@task
def send_promotion_mail(registration_id: int) -> None:
    """Tell a member who was on the waiting list that a place is now theirs."""
    registration = (
        Registration.objects.select_related("event", "member__profile")
        .filter(pk=registration_id, status=Registration.Status.REGISTERED)
        .first()
    )
    if registration is None:
        return
    member = registration.member
    send_to_member(
        member,
        "events/email/promoted_subject.txt",
        "events/email/promoted_body.txt",
        {
            "event": registration.event,
            "profile": getattr(member, "profile", None),
        },
    )
