"""E-mail in the recipient's language, whoever sets it off.

Every app sends member mail through ``send_to_member``: the subject and body are
rendered from templates inside ``translation.override`` of the member's preferred
language, so a Spanish-speaking member reads Spanish even when an English-speaking
moderator's action sent the message. Mail to the moderators' shared address goes
out in the site's language (``settings.LANGUAGE_CODE``).
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def site_url() -> str:
    """What absolute links in e-mails start with (settings.SITE_URL, no slash)."""
    return settings.SITE_URL.rstrip("/")


def language_of(member, default: str | None = None) -> str:
    """The member's preferred language when the site offers it, else ``default``
    (the site's language unless given)."""
    profile = getattr(member, "profile", None)
    language = getattr(profile, "preferred_language", "") or ""
    if language in dict(settings.LANGUAGES):
        return language
    return default or settings.LANGUAGE_CODE


def render_message(
    *,
    language: str,
    subject_template: str,
    body_template: str,
    context: dict,
    to: list[str],
    html_template: str | None = None,
    reply_to: list[str] | None = None,
) -> EmailMultiAlternatives:
    """Render the templates in ``language`` into one message with a one-line,
    prefixed subject."""
    context = {"site_url": site_url(), "site_name": settings.SITE_NAME, **context}
    with translation.override(language):
        subject = render_to_string(subject_template, context)
        body = render_to_string(body_template, context)
        html = render_to_string(html_template, context) if html_template else None
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
    message = EmailMultiAlternatives(subject, body, None, to, reply_to=reply_to)
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def send_to_member(
    member,
    subject_template: str,
    body_template: str,
    context: dict | None = None,
    *,
    html_template: str | None = None,
) -> bool:
    """Mail one member in their language; False when they have no address."""
    if member is None or not member.email:
        return False
    render_message(
        language=language_of(member),
        subject_template=subject_template,
        body_template=body_template,
        context={"member": member, **(context or {})},
        to=[member.email],
        html_template=html_template,
    ).send()
    return True


def send_to_moderators(
    subject_template: str,
    body_template: str,
    context: dict | None = None,
    *,
    reply_to: list[str] | None = None,
) -> bool:
    """Mail the moderators' shared address in the site's language."""
    if not settings.MODERATORS_EMAIL:
        return False
    render_message(
        language=settings.LANGUAGE_CODE,
        subject_template=subject_template,
        body_template=body_template,
        context=context or {},
        to=[settings.MODERATORS_EMAIL],
        reply_to=reply_to,
    ).send()
    return True
