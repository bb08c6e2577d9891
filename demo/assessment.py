"""Loads demo/data/assessment.yaml: an illustrative submitted self-assessment of
the demo member's institution, so a result page with its gaps and "Ask for help
on this" shows at once, and the demo member's empty draft to try the
questionnaire."""

import datetime

from django.db import transaction
from django.utils import timezone

from assessment import questionnaire, services
from assessment.models import Assessment
from members.models import Institution, Profile

from .loading import read_data


@transaction.atomic
def load() -> None:
    """Idempotent: keyed on the member's username and the institution's slug; an
    assessment already there is left as it is."""
    data = read_data("assessment")
    for item in data.get("submitted", []):
        profile = _profile(item)
        if profile is not None:
            _submitted(profile, item)
    for item in data["drafts"]:
        profile = _profile(item)
        if profile is None:
            continue
        if Assessment.objects.drafts().filter(institution=profile.institution).exists():
            continue
        Assessment.objects.create(
            institution=profile.institution,
            version=questionnaire.current().version,
            visibility=item["visibility"],
            filled_by=profile.user,
        )


def _profile(item: dict) -> Profile | None:
    """The member's profile, given the institution when it names none yet."""
    profile = Profile.objects.filter(user__username=item["member"]).first()
    institution = Institution.objects.filter(slug=item["institution"]).first()
    if profile is None or institution is None:
        return None
    if profile.institution_id is None:
        profile.institution = institution
        profile.save(update_fields=["institution"])
    return profile


def _submitted(profile: Profile, item: dict) -> None:
    """Answered and submitted through the services, as a member would, then dated
    back; skipped once the member submitted one for the institution. An empty
    draft already there (one per institution) is the one answered; a draft
    someone began is left alone."""
    done = Assessment.objects.submitted().filter(
        institution=profile.institution, filled_by=profile.user
    )
    if done.exists():
        return
    form = questionnaire.current()
    assessment = Assessment.objects.drafts().filter(
        institution=profile.institution
    ).first() or Assessment.objects.create(
        institution=profile.institution,
        version=form.version,
        visibility=item["visibility"],
        filled_by=profile.user,
    )
    if assessment.answers.exists() or assessment.version != form.version:
        return
    levels = item.get("levels", {})
    services.save_draft(
        assessment=assessment,
        member=profile.user,
        levels={
            statement.key: levels.get(statement.dimension, item["level"])
            for statement in form.statements
        },
        notes={slug: " ".join(note.split()) for slug, note in item["notes"].items()},
        visibility=item["visibility"],
    )
    services.submit_assessment(assessment=assessment, member=profile.user)
    when = timezone.now() - datetime.timedelta(days=item["submitted_days_ago"])
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when)
