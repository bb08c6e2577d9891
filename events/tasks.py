"""Background work for events: messages that need not hold up a request."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Registration


@task
def send_promotion_mail(registration_id: int) -> None:
    """Tell a member who was on the waiting list that a place is now theirs."""
    registration = (
        Registration.objects.select_related("event", "member__profile")
        .filter(pk=registration_id, status=Registration.Status.REGISTERED)
        .first()
    )
    if registration is None or not registration.member.email:
        return
    member, event = registration.member, registration.event
    profile = getattr(member, "profile", None)
    language = profile.preferred_language if profile else settings.LANGUAGE_CODE
    link = getattr(settings, "SITE_URL", "").rstrip("/") + event.get_absolute_url()
    with translation.override(language):
        subject = _("A place for you at %(event)s") % {"event": event.title}
        body = _(
            "Hello %(name)s,\n\n"
            "A place has become free at %(event)s (%(dates)s, %(place)s) and it is "
            "now yours: you are registered.\n\n"
            "If you can no longer come, please cancel on the event page so that the "
            "next person on the waiting list can take your place:\n%(link)s\n\n"
            "KS Hub"
        ) % {
            "name": profile.display_name if profile else member.get_username(),
            "event": event.title,
            "dates": _("%(start)s to %(end)s")
            % {"start": event.starts_on.isoformat(), "end": event.ends_on.isoformat()},
            "place": ", ".join(
                part for part in (event.city, str(event.country.name)) if part
            ),
            "link": link,
        }
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body,
        None,
        [member.email],
    )
