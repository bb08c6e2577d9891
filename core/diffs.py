"""Two versions of a text side by side, word by word: what went marked ``<del>``
on the left, what came marked ``<ins>`` on the right, everything escaped."""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words and the spaces between them, so the text keeps its line breaks.
TOKENS = re.compile(r"(\s+)")


def side_by_side(old: str, new: str) -> tuple[SafeString, SafeString]:
    """``old`` and ``new`` as HTML, their differences marked."""
    before, after = TOKENS.split(old or ""), TOKENS.split(new or "")
    left: list[str] = []
    right: list[str] = []
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        gone, came = escape("".join(before[i1:i2])), escape("".join(after[j1:j2]))
        if op == "equal":
            left.append(gone)
            right.append(came)
            continue
        if gone:
            left.append(f"<del>{gone}</del>")
        if came:
            right.append(f"<ins>{came}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 (escaped)


def field_changes(fields: list[tuple[str, str]], old: dict, new: dict) -> list[dict]:
    """For each ``(name, label)`` whose value differs between the ``old`` and
    ``new`` mappings: the label and both sides, marked."""
    changes = []
    for name, label in fields:
        before, after = str(old.get(name) or ""), str(new.get(name) or "")
        if before != after:
            left, right = side_by_side(before, after)
            changes.append({"name": name, "label": label, "old": left, "new": right})
    return changes
