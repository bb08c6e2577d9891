"""Loads demo/data/assessment.yaml: illustrative submitted self-assessments of
seed institutions, answered by their demo members (two institutions at two
dates, one public, one shown to members, the rest private), so the result pages,
the benchmark and the recommendations have something to say; and the demo
member's empty draft to try the questionnaire."""

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from assessment import questionnaire, services
from assessment.models import Assessment
from members.models import Institution, Profile, User

from .loading import quiet_account, read_data

# How long before their first demo assessment a demo member joined, when the
# account is younger than the assessment.
JOINED_BEFORE = datetime.timedelta(days=30)


@transaction.atomic
def load() -> None:
    """Idempotent: keyed on the member's username, the institution's slug and the
    order of the member's assessments in the file; an assessment already there
    is left as it is."""
    data = read_data("assessment")
    assessors = {spec["username"]: spec for spec in data.get("assessors", [])}
    listed = Counter()
    for item in data.get("submitted", []):
        earlier = listed[item["member"], item["institution"]]
        listed[item["member"], item["institution"]] += 1
        profile = _profile(item, assessors)
        if profile is not None:
            _submitted(profile, item, earlier=earlier)
    for item in data["drafts"]:
        profile = _profile(item, assessors)
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


def _profile(item: dict, assessors: dict[str, dict]) -> Profile | None:
    """The member's profile, given the institution when it names none yet; a
    demo assessor's account is made here, once its institution is there."""
    institution = Institution.objects.filter(slug=item["institution"]).first()
    if institution is None:
        return None
    if item["member"] in assessors:
        quiet_account(**assessors[item["member"]])
    profile = Profile.objects.filter(user__username=item["member"]).first()
    if profile is None:
        return None
    if profile.institution_id is None:
        profile.institution = institution
        profile.save(update_fields=["institution"])
    return profile


def _levels(item: dict, form: questionnaire.Questionnaire) -> dict[str, int]:
    """Per statement key: the dimension's level, or its own from the dimension's
    list, else the item's level for every statement."""
    levels = {}
    for slug, statements in form.sections:
        given = item.get("levels", {}).get(slug, item.get("level"))
        for index, statement in enumerate(statements):
            levels[statement.key] = given[index] if isinstance(given, list) else given
    return levels


def _submitted(profile: Profile, item: dict, *, earlier: int) -> None:
    """Answered and submitted through the services, as a member would, then dated
    back; skipped once the member submitted more than the ``earlier`` ones listed
    before it for the institution. An empty draft already there (one per
    institution) is the one answered; a draft someone began is left alone."""
    done = Assessment.objects.submitted().filter(
        institution=profile.institution, filled_by=profile.user
    )
    if done.count() > earlier:
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
    services.save_draft(
        assessment=assessment,
        member=profile.user,
        levels=_levels(item, form),
        notes={slug: " ".join(note.split()) for slug, note in item["notes"].items()},
        visibility=item["visibility"],
    )
    services.submit_assessment(assessment=assessment, member=profile.user)
    when = timezone.now() - datetime.timedelta(days=item["submitted_days_ago"])
    Assessment.objects.filter(pk=assessment.pk).update(
        created_at=when, updated_at=when, submitted_at=when
    )
    User.objects.filter(pk=profile.user_id, date_joined__gt=when).update(
        date_joined=when - JOINED_BEFORE
    )
