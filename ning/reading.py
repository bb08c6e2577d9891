"""Reading a Ning export: its files, their items, and the values inside them.

The Ning Network Archiver writes one ``ning-<kind>-local.json`` per kind of
content (``-local`` files point at the copies of uploaded files in the folder; the
plain ``ning-<kind>.json`` files point at Ning's servers and are read when the local
one is missing). Real files carry noise around the JSON: the array wrapped in
parentheses, a doubled closing bracket, items run together without a comma or with
stray brackets between them. Items are read one at a time with the line each starts
on, so a bad item is reported by file and line. Items of Ning's API 2.0 (``author``,
``tagNames``, ``url``...) are read through the same accessors as the archive's
(``contributorName``, ``tags``...).
"""

import datetime
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

# Each kind, in import order, with its file's stem and the field naming an item.
KINDS = ("members", "groups", "blogs", "discussions", "events")
ID_FIELD = {"members": "contributorName"}

_DECODER = json.JSONDecoder()
_MONTHS = [
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
]
_BETWEEN_ITEMS = re.compile(r"[\s,\[\]]*")
_HUMAN_DATE = re.compile(
    r"^(?P<month>[A-Za-z]+) (?P<day>\d{1,2}), (?P<year>\d{4})"
    r"(?: at (?P<hour>\d{1,2}):(?P<minute>\d{2}) ?(?P<half>[ap]m))?$",
    re.IGNORECASE,
)


class ExportError(Exception):
    """Input that is not a Ning export the importer can read: one clear message,
    naming the file and the line."""

    def __init__(self, path: Path, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Item:
    kind: str
    data: dict
    path: Path
    line: int

    @property
    def ning_id(self) -> str:
        return item_id(self.kind, self.data)


def item_id(kind: str, data: dict) -> str:
    if kind == "members":
        return str(data.get("contributorName") or data.get("screenName") or "")
    return str(data.get("id") or "")


def find_file(folder: Path, kind: str) -> Path | None:
    """The export's file for ``kind``: the ``-local`` one first."""
    for name in (f"ning-{kind}-local.json", f"ning-{kind}.json"):
        if (folder / name).is_file():
            return folder / name
    return None


def check_folder(folder: Path) -> dict[str, Path]:
    """The files of the export, by kind; raise ExportError when it is not one."""
    if not folder.is_dir():
        raise ExportError(folder, None, "not a folder")
    files = {kind: path for kind in KINDS if (path := find_file(folder, kind))}
    if "members" not in files:
        raise ExportError(
            folder / "ning-members-local.json",
            None,
            "missing: a Ning export holds at least its members file "
            "(ning-members-local.json or ning-members.json)",
        )
    return files


def read_items(path: Path, kind: str) -> Iterator[Item]:
    """The items of one file in order, each with the line it starts on."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        raise ExportError(path, line, "not UTF-8 text") from error
    except OSError as error:
        raise ExportError(path, None, f"cannot be read ({error.strerror})") from error
    # PostgreSQL keeps no NUL in text: an escaped one in a string is dropped.
    text = text.replace("\\u0000", "")
    start = len(text) - len(text.lstrip())
    if text.startswith("(", start):
        start = len(text) - len(text[start + 1 :].lstrip())
    if not text.startswith("[", start):
        raise ExportError(path, _line(text, start), "not a Ning export (no list)")
    line, counted = 1, 0
    position = _skip(text, start)
    while position < len(text) and text[position] not in ")":
        line += text.count("\n", counted, position)
        counted = position
        try:
            data, position = _DECODER.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise ExportError(
                path, error.lineno, f"malformed JSON: {error.msg}"
            ) from None
        if not isinstance(data, dict):
            raise ExportError(path, line, "an item that is not a JSON object")
        yield Item(kind, data, path, line)
        position = _skip(text, position)
    rest = text[position:].strip()
    if rest not in ("", ")", ");"):
        raise ExportError(path, _line(text, position), "unexpected text after the list")


def _skip(text: str, position: int) -> int:
    return _BETWEEN_ITEMS.match(text, position).end()


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


# Values ------------------------------------------------------------------------


def text_of(value) -> str:
    """A plain string field with its HTML entities decoded."""
    if value is None:
        return ""
    return html.unescape(str(value)).strip()


def author_of(data: dict) -> str:
    author = data.get("contributorName") or data.get("author") or ""
    if isinstance(author, dict):  # API 2.0 may expand the author
        author = author.get("screenName") or author.get("contributorName") or ""
    return str(author)


def tags_of(data: dict) -> list[str]:
    tags = data.get("tags", data.get("tagNames")) or []
    if isinstance(tags, str):
        tags = tags.split(",")
    names = [text_of(tag)[:100] for tag in tags if isinstance(tag, str | int)]
    return list(dict.fromkeys(name for name in names if name))


def count_of(data: dict, *names: str) -> int:
    for name in names:
        try:
            return max(int(data[name]), 0)
        except (KeyError, TypeError, ValueError):
            continue
    return 0


def parse_date(value, zone: ZoneInfo) -> datetime.datetime:
    """A Ning date: ISO 8601 with or without time and zone ("2014-07-06T13:52:00.000Z",
    "2014-07-06 13:52:00"), or as pages show it ("July 6, 2014 at 1:52pm"); a date
    without zone is in the network's ``zone``. Raise ValueError when it is none."""
    text = str(value or "").strip()
    if not text:
        raise ValueError("no date")
    match = _HUMAN_DATE.match(text)
    if match and match["month"][:3].lower() in _MONTHS:
        moment = _human_date(match)
    else:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=zone)
    return moment


def _human_date(match: re.Match) -> datetime.datetime:
    month = _MONTHS.index(match["month"][:3].lower()) + 1
    hour, minute = int(match["hour"] or 0), int(match["minute"] or 0)
    if match["half"]:
        hour = hour % 12 + (12 if match["half"].lower() == "pm" else 0)
    return datetime.datetime(  # noqa: DTZ001 (the zone is the caller's)
        int(match["year"]), month, int(match["day"]), hour, minute
    )
