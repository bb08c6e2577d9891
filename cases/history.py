"""A story's versions, as its history page shows them: who changed what and
when, each change side by side with the version before (read from the versions
``django-simple-history`` keeps at every save)."""

from core.diffs import field_changes
from core.models import ReviewStatus

from .models import CaseStory, Correction

# The newest versions a history page shows.
MAX_VERSIONS = 100
CORRECTION_REASON = "correction:"


def _fields() -> list[tuple[str, str]]:
    names = (*Correction.FIELDS, "status", "outdated_note", "successor_url")
    return [(name, CaseStory._meta.get_field(name).verbose_name) for name in names]


def _values(record) -> dict:
    values = {name: getattr(record, name) for name, _label in _fields()}
    values["status"] = ReviewStatus(record.status).label
    return values


def story_versions(case_story: CaseStory) -> list[dict]:
    """The newest versions first, in three queries whatever their number: each
    with ``when``, ``who`` (a user or None), ``created``, ``changes`` (see
    ``core.diffs.field_changes``) and the ``correction`` it came from, if any.
    Saves that changed nothing shown here are left out."""
    records = list(
        case_story.history.select_related("history_user__profile").order_by(
            "-history_date", "-history_id"
        )[: MAX_VERSIONS + 1]
    )[::-1]
    corrections = Correction.objects.select_related("decided_by__profile").in_bulk(
        [_correction_id(record) for record in records if _correction_id(record)]
    )
    fields = _fields()
    versions = []
    previous = None
    for record in records:
        values = _values(record)
        if previous is not None:
            changes = field_changes(fields, previous, values)
            if changes:
                versions.append(_version(record, changes, corrections))
        elif record.history_type == "+":
            versions.append(_version(record, [], corrections, created=True))
        previous = values
    return versions[::-1][:MAX_VERSIONS]


def _version(record, changes, corrections, *, created=False) -> dict:
    return {
        "when": record.history_date,
        "who": record.history_user,
        "created": created,
        "changes": changes,
        "correction": corrections.get(_correction_id(record)),
    }


def _correction_id(record) -> int | None:
    reason = record.history_change_reason or ""
    if reason.startswith(CORRECTION_REASON):
        number = reason.removeprefix(CORRECTION_REASON)
        return int(number) if number.isdigit() else None
    return None
