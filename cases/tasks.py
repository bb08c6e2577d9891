"""Background work for case stories: the e-mails their review sends."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from .models import CaseStory


@task
def send_rejection_email(case_story_id: int) -> None:
    """Tell the author why their story was sent back, in their own language."""
    case_story = (
        CaseStory.objects.select_related("author__profile")
        .filter(pk=case_story_id)
        .first()
    )
    if case_story is None or case_story.author is None or not case_story.author.email:
        return
    author = case_story.author
    profile = getattr(author, "profile", None)
    language = getattr(profile, "preferred_language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "case": case_story,
            "author": author,
            "profile": profile,
            "site_url": _site_url(),
        }
        subject = render_to_string("cases/email/rejected_subject.txt", context).strip()
        body = render_to_string("cases/email/rejected_body.txt", context)
    send_mail(subject, body, None, [author.email])


@task
def notify_moderators_of_submission(case_story_id: int) -> None:
    """Let the moderators know a story waits in their queue."""
    case_story = CaseStory.objects.filter(pk=case_story_id).first()
    if case_story is None or not settings.MODERATORS_EMAIL:
        return
    context = {"case": case_story, "site_url": _site_url()}
    subject = render_to_string("cases/email/submitted_subject.txt", context).strip()
    body = render_to_string("cases/email/submitted_body.txt", context)
    send_mail(subject, body, None, [settings.MODERATORS_EMAIL])


def _site_url() -> str:
    """The address links in e-mails start with; empty gives site-relative links."""
    return getattr(settings, "SITE_URL", "").rstrip("/")
