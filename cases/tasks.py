"""Background work for case stories: the e-mails their review sends, and the
offline packs of large selections."""

from django.tasks import task

from members.mail import send_to_member, send_to_moderators

from .models import CaseStory, Correction
from .packs import store_pack


@task
def send_rejection_email(case_story_id: int) -> None:
    """Tell the author why their story was sent back, in their own language."""
    case_story = (
        CaseStory.objects.select_related("author__profile")
        .filter(pk=case_story_id)
        .first()
    )
    if case_story is None or case_story.author is None:
        return
    author = case_story.author
    send_to_member(
        author,
        "cases/email/rejected_subject.txt",
        "cases/email/rejected_body.txt",
        {
            "case": case_story,
            "author": author,
            "profile": getattr(author, "profile", None),
        },
    )


@task
def notify_moderators_of_submission(case_story_id: int) -> None:
    """Let the moderators know a story waits in their queue."""
    case_story = CaseStory.objects.filter(pk=case_story_id).first()
    if case_story is None:
        return
    send_to_moderators(
        "cases/email/submitted_subject.txt",
        "cases/email/submitted_body.txt",
        {"case": case_story},
    )


@task
def notify_author_of_correction(correction_id: int) -> None:
    """Tell a story's author that a member suggests a correction to it."""
    correction = (
        Correction.objects.select_related("case_story__author__profile")
        .filter(pk=correction_id)
        .first()
    )
    if correction is None or correction.case_story.author is None:
        return
    author = correction.case_story.author
    send_to_member(
        author,
        "cases/email/correction_subject.txt",
        "cases/email/correction_body.txt",
        {"correction": correction, "case": correction.case_story, "author": author},
    )


@task
def build_case_pack(active: list, fmt: str, language: str) -> None:
    """Build a large selection's pack; the pack page offers it once kept."""
    store_pack(dict(active), fmt, language)
