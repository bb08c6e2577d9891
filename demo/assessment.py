"""Loads demo/data/assessment.yaml: the demo member's empty self-assessment draft."""

from django.db import transaction

from assessment import questionnaire
from assessment.models import Assessment
from members.models import Institution, Profile

from .loading import read_data


@transaction.atomic
def load() -> None:
    """Idempotent: keyed on the member's username and the institution's slug; a
    draft or a submitted assessment already there is left as it is."""
    for item in read_data("assessment")["drafts"]:
        profile = Profile.objects.filter(user__username=item["member"]).first()
        institution = Institution.objects.filter(slug=item["institution"]).first()
        if profile is None or institution is None:
            continue
        if profile.institution_id is None:
            profile.institution = institution
            profile.save(update_fields=["institution"])
        if Assessment.objects.filter(institution=profile.institution).exists():
            continue
        Assessment.objects.create(
            institution=profile.institution,
            version=questionnaire.current().version,
            visibility=item["visibility"],
            filled_by=profile.user,
        )
