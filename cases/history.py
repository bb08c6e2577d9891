"""A story's versions, as its history page shows them (``core.history``), each
with the suggested correction it came from, if any."""

from core.history import versions

from .models import CaseStory, Correction

CORRECTION_REASON = "correction:"
HISTORY_FIELDS = (*Correction.FIELDS, "status", "outdated_note", "successor_url")


def story_versions(case_story: CaseStory) -> list[dict]:
    """``core.history.versions`` of the story, in three queries whatever their
    number; each also names the ``correction`` it came from, or None."""
    found = versions(case_story, HISTORY_FIELDS)
    corrections = Correction.objects.select_related("decided_by__profile").in_bulk(
        [number for version in found if (number := _correction_id(version["reason"]))]
    )
    for version in found:
        version["correction"] = corrections.get(_correction_id(version["reason"]))
    return found


def _correction_id(reason: str) -> int | None:
    if reason.startswith(CORRECTION_REASON):
        number = reason.removeprefix(CORRECTION_REASON)
        return int(number) if number.isdigit() else None
    return None
