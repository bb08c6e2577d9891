"""Loads demo/data/assessment.yaml: the demo member's empty self-assessment draft."""

from pathlib import Path

import yaml
from django.db import transaction

from assessment import questionnaire
from assessment.models import Assessment
from members.models import Institution, Profile

DATA = Path(__file__).resolve().parent / "data" / "assessment.yaml"


def read() -> dict:
    with DATA.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@transaction.atomic
def load() -> None:
    """Idempotent: keyed on the member's username and the institution's slug; a
    draft or a submitted assessment already there is left as it is."""
    for item in read()["drafts"]:
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
