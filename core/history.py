"""An item's versions, as its history page shows them: who changed what and when,
each change side by side with the version before (read from the versions
``django-simple-history`` keeps at every save of a model with ``history``)."""

from collections.abc import Iterable

from .diffs import field_changes

# The newest versions a history page shows.
MAX_VERSIONS = 100


def versions(item, names: Iterable[str]) -> list[dict]:
    """The newest versions of ``item`` first, in two queries whatever their
    number: each with ``when``, ``who`` (a user or None), ``created``,
    ``changes`` (see ``core.diffs.field_changes``) of the fields ``names`` and
    the ``reason`` given for the save. Saves that changed none of them are left
    out."""
    fields = [(name, item._meta.get_field(name).verbose_name) for name in names]
    records = list(
        item.history.select_related("history_user__profile").order_by(
            "-history_date", "-history_id"
        )[: MAX_VERSIONS + 1]
    )[::-1]
    found = []
    previous = None
    for record in records:
        values = _values(record, fields)
        if previous is not None:
            changes = field_changes(fields, previous, values)
            if changes:
                found.append(_version(record, changes))
        elif record.history_type == "+":
            found.append(_version(record, [], created=True))
        previous = values
    return found[::-1][:MAX_VERSIONS]


def _values(record, fields) -> dict:
    """The fields' values in a version, a choice by its label."""
    values = {}
    for name, _label in fields:
        display = getattr(record, f"get_{name}_display", None)
        values[name] = display() if display is not None else getattr(record, name)
    return values


def _version(record, changes, *, created=False) -> dict:
    return {
        "when": record.history_date,
        "who": record.history_user,
        "created": created,
        "changes": changes,
        "reason": record.history_change_reason or "",
    }
