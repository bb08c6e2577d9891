"""A whole Ning export, in order: members, groups, blog posts, discussions,
events, each with its comments.

Every file is read through once before anything is written, so input that is not
a Ning export (malformed JSON, an item without its id, the members file missing)
stops the import with one message naming the file and the line, and nothing of it
is written."""

from collections.abc import Iterator
from pathlib import Path

from .content_import import SpaceFinder, import_content
from .members_import import import_members
from .reading import ExportError, Item, check_folder, read_items
from .run import Run


def check_export(folder: Path) -> dict[str, Path]:
    """The export's files by kind, each read through; raise ExportError at the first
    thing that makes it unreadable."""
    files = check_folder(folder)
    for kind, path in files.items():
        for item in read_items(path, kind):
            if not item.ning_id:
                field = "contributorName" if kind == "members" else "id"
                raise ExportError(path, item.line, f"an item without its {field}")
    return files


def _unique(run: Run, items: Iterator[Item]) -> Iterator[Item]:
    seen = set()
    for item in items:
        if item.ning_id in seen:
            run.refuse(item, "the same id again: the first one is kept")
            continue
        seen.add(item.ning_id)
        yield item


def run_import(run: Run) -> Run:
    files = check_export(run.folder)
    import_members(run, _unique(run, read_items(files["members"], "members")))
    spaces = None
    for kind in ("groups", "blogs", "discussions", "events"):
        if kind not in files:
            continue
        if kind == "discussions":
            spaces = SpaceFinder(run)
        items = _unique(run, read_items(files[kind], kind))
        import_content(run, kind, items, spaces)
    return run
