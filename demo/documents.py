"""The demo's documents, from ``demo/data/documents.yaml``."""

from pathlib import Path

import yaml

from events.models import Document, Event

DATA = Path(__file__).parent / "data" / "documents.yaml"
FIELDS = ("title", "kind", "language", "text", "text_is_summary")


def load() -> None:
    """Create or update each document of the data file; a document whose values
    already match is not written."""
    for entry in yaml.safe_load(DATA.read_text(encoding="utf-8")):
        event = Event.objects.filter(slug=entry["event"]).first()
        if event is None:
            continue
        values = {name: entry[name] for name in FIELDS if name in entry}
        values["text"] = " ".join(values.get("text", "").split())
        document = Document.objects.filter(slug=entry["slug"]).first()
        if document is None:
            Document.objects.create(slug=entry["slug"], event=event, **values)
            continue
        values["event"] = event
        changed = {
            name: value
            for name, value in values.items()
            if getattr(document, name) != value
        }
        if changed:
            for name, value in changed.items():
                setattr(document, name, value)
            document.save()
