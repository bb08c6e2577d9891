"""The state of one import: counts, the report, the export's files, and the maps
from Ning names to what they became (``ning.importer`` does the work)."""

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files import File
from django.core.files.storage import default_storage

from .reading import Item

# The export's files the portal stores, by extension; others stay links to nowhere
# and are reported.
STORED_EXTENSIONS = frozenset(
    {"jpg", "jpeg", "png", "gif", "webp", "pdf", "txt", "csv", "zip"}
    | {"doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp"}
)
MAX_STORED_BYTES = 20 * 1024 * 1024
# Rows per INSERT: one size, so the driver prepares each statement's text once.
BULK_ROWS = 250
STORAGE_PREFIX = "ning"


def fingerprint(data: dict) -> str:
    """What identifies a version of an item: its fields, without its comments."""
    fields = {key: value for key, value in data.items() if key != "comments"}
    text = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Run:
    folder: Path
    zone: ZoneInfo
    dry_run: bool = False
    batch_size: int = 500
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    problems: list[str] = field(default_factory=list)
    # Ning screen name -> user id; names not in the export -> None (former member).
    authors: dict[str, int] = field(default_factory=dict)
    unknown_authors: set[str] = field(default_factory=set)
    stored_files: int = 0
    # Ning ids a dry run would create, so later kinds can name them (groups).
    planned: set[str] = field(default_factory=set)

    def count(self, kind: str, action: str, n: int = 1) -> None:
        if n:
            self.counts[kind][action] += n

    def refuse(self, item: Item, reason: str, ning_id: str = "") -> None:
        self.count(item.kind, "not imported")
        what = ning_id or item.ning_id or "an item"
        self.problems.append(f"{item.path.name}, line {item.line}: {what}: {reason}")

    def note(self, item: Item, text: str) -> None:
        problem = f"{item.path.name}, line {item.line}: {item.ning_id}: {text}"
        if problem not in self.problems[-20:]:  # one file named twice in an item
            self.problems.append(problem)

    def author(self, screen_name: str) -> int | None:
        if not screen_name:
            return None
        user_id = self.authors.get(screen_name)
        if user_id is None and screen_name not in self.unknown_authors:
            self.unknown_authors.add(screen_name)
        return user_id

    # Files ---------------------------------------------------------------------

    def resolver(self, item: Item):
        """The ``markup.Resolver`` for one item: stores the files it names and
        notes those it cannot."""

        def resolve(src: str) -> str | None:
            relative = src.split("?", 1)[0].split("#", 1)[0].lstrip("./")
            path = (self.folder / relative).resolve()
            inside = self.folder.resolve() in path.parents
            extension = path.suffix.lower().lstrip(".")
            if not inside or not path.is_file():
                self.note(item, f"file not in the export: {relative}")
                return None
            if extension not in STORED_EXTENSIONS:
                self.note(item, f"file of a kind not stored: {relative}")
                return None
            if path.stat().st_size > MAX_STORED_BYTES:
                self.note(item, f"file over 20 MB, not stored: {relative}")
                return None
            name = f"{STORAGE_PREFIX}/{path.relative_to(self.folder.resolve())}"
            if not self.dry_run and not default_storage.exists(name):
                with path.open("rb") as handle:
                    name = default_storage.save(name, File(handle))
                self.stored_files += 1
            return default_storage.url(name)

        return resolve

    # Reading the outcome ---------------------------------------------------------

    def summary_lines(self) -> list[str]:
        lines = []
        for kind, counter in self.counts.items():
            shown = ", ".join(f"{n} {action}" for action, n in sorted(counter.items()))
            lines.append(f"{kind}: {shown}")
        if self.unknown_authors:
            lines.append(
                f"{len(self.unknown_authors)} authors not in the export, shown as "
                f"former members: {', '.join(sorted(self.unknown_authors)[:20])}"
            )
        if self.stored_files:
            lines.append(f"{self.stored_files} files stored")
        return lines
