"""Curation over time in the demo (``demo/data/curation.yaml``): a story marked
outdated with a link to its successor, and a member's correction accepted by the
story's author, in the story's history. Safe to run any number of times: each
step is taken only when it has not been."""

from pathlib import Path

import yaml
from django.db import transaction

from cases import corrections
from cases.models import CaseStory, Correction
from core import curation
from demo.loading import quiet_account
from members.models import User

DATA = Path(__file__).parent / "data" / "curation.yaml"


@transaction.atomic
def load() -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    _outdated(data["outdated"])
    _correction(data["correction"], quiet_account(**data["proposer"]))


def _outdated(spec: dict) -> None:
    story = CaseStory.objects.filter(slug=spec["story"]).first()
    successor = CaseStory.objects.filter(slug=spec["successor"]).first()
    if story is None or successor is None or story.outdated:
        return
    curation.mark_outdated(
        story,
        reviewer=User.objects.get(username=spec["reviewer"]),
        note=" ".join(spec["note"].split()),
        successor_url=successor.get_absolute_url(),
    )


def _correction(spec: dict, proposer: User) -> None:
    story = CaseStory.objects.filter(slug=spec["story"]).first()
    if story is None:
        return
    author = User.objects.get(username=spec["author"])
    if story.author_id != author.pk:
        story.author = author
        story.save(update_fields=["author", "updated_at"])
    if Correction.objects.filter(case_story=story, proposer=proposer).exists():
        return
    field, corrected = spec["field"], getattr(story, spec["field"])
    # The story as it read before: a version of its own, by its author.
    setattr(story, field, " ".join(spec["before"].split()))
    story._history_user = author
    story.save(update_fields=[field, "updated_at"])
    correction = corrections.suggest_correction(
        case_story=story,
        proposer=proposer,
        explanation=spec["explanation"],
        **{field: corrected},
    )
    corrections.accept_correction(
        correction=correction, reviewer=author, note=spec["note"]
    )
