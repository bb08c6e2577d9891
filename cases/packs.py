"""Offline knowledge packs: a selection of published case stories as a zip of
static HTML pages (with their attachments), as one PDF (WeasyPrint) and as one
EPUB 3 book.

Every format is made from the same rendered pages: the story's sections pass
through ``core.text.render_markdown`` (nh3), so what a member wrote stays inert
markup in every format; the pages carry their styles inline and link nothing
outside the pack.
"""

import io
import posixpath
import uuid
import xml.etree.ElementTree as ET  # nosec B405 — writes XML, never parses it
import zipfile
from dataclasses import dataclass

import tinyhtml5
import weasyprint
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries

from core.pagecache import CONTENT, versioned_key

from .models import CaseStory

# The most stories a pack holds (the most recent of the selection), said on the
# pack page; a selection of more than IN_REQUEST is packed by a background task.
MAX_STORIES = 200
IN_REQUEST = 20
# A built pack is kept this long, or until the content changes.
PACK_TIMEOUT = 7 * 24 * 3600
# Attachments are carried in the zip up to this total size.
MAX_ATTACHMENT_BYTES = 40 * 1024 * 1024
FORMATS = {
    "zip": ("application/zip", "zip"),
    "pdf": ("application/pdf", "pdf"),
    "epub": ("application/epub+zip", "epub"),
}
XHTML = "http://www.w3.org/1999/xhtml"


@dataclass
class Pack:
    title: str
    stories: list
    language: str


def pack_stories(stories):
    """The stories a pack of ``stories`` (a published, filtered queryset) holds."""
    return list(
        stories.sorted_by("recent")
        .select_related("lead_institution")
        .prefetch_related("dimensions", "partner_institutions", "attachments")[
            :MAX_STORIES
        ]
    )


def pack_key(active: dict, fmt: str, language: str) -> str:
    """Where the pack of a selection is kept, per content version."""
    return versioned_key(
        "case-pack", tuple(sorted(active.items())), fmt, language, scopes=(CONTENT,)
    )


def store_pack(active: dict, fmt: str, language: str) -> bytes:
    """Build the pack of the selection ``active`` (the list's filters) and keep
    it until the content changes."""
    with translation.override(language):
        pack = Pack(
            title=_("Case stories from the KS Hub"),
            stories=pack_stories(CaseStory.objects.published().filtered(**active)),
            language=language,
        )
        content = build_pack(pack, fmt)
    key = pack_key(active, fmt, language)
    # The size apart, so the pack page tells it without reading the pack.
    cache.set_many({key: content, f"{key}:size": len(content)}, PACK_TIMEOUT)
    return content


def _story_file(story) -> str:
    return f"{story.slug}.html"


def _attachment_file(attachment) -> str:
    return f"attachments/{attachment.token}{attachment.extension}"


def _page(template: str, pack: Pack, **context) -> str:
    return render_to_string(
        f"cases/pack/{template}",
        {
            "pack": pack,
            "story_file": _story_file,
            "made_at": timezone.now(),
            **context,
        },
    )


def _stories_with_files(pack: Pack) -> list:
    for story in pack.stories:
        story.pack_file = _story_file(story)
        story.epub_file = story.pack_file.replace(".html", ".xhtml")
        story.country_names = [countries.name(code) for code in story.countries]
        for attachment in story.attachments.all():
            attachment.pack_file = _attachment_file(attachment)
    return pack.stories


def build_zip(pack: Pack) -> bytes:
    """``index.html``, one page per story and the attachments that fit."""
    buffer = io.BytesIO()
    stories = _stories_with_files(pack)
    carried = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for story in stories:
            for attachment in story.attachments.all():
                if carried + attachment.size > MAX_ATTACHMENT_BYTES:
                    attachment.pack_file = ""
                    continue
                with attachment.file.open("rb") as source:
                    archive.writestr(attachment.pack_file, source.read())
                carried += attachment.size
        archive.writestr("index.html", _page("index.html", pack, stories=stories))
        for story in stories:
            archive.writestr(
                story.pack_file, _page("story.html", pack, story=story, offline=True)
            )
    return buffer.getvalue()


def build_pdf(pack: Pack) -> bytes:
    """The index and every story as one PDF; nothing is fetched from outside."""
    html = _page("book.html", pack, stories=_stories_with_files(pack))
    return weasyprint.HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def _no_fetching(url, *args, **kwargs):
    raise ValueError(f"A pack fetches nothing: {url}")


def build_epub(pack: Pack) -> bytes:
    """An EPUB 3 book: the mimetype first and stored, the container, the package
    document, the navigation document and one XHTML page per story."""
    stories = _stories_with_files(pack)
    identifier = f"urn:uuid:{uuid.uuid4()}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/epub+zip",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr(
            "META-INF/container.xml", render_to_string("cases/pack/container.xml")
        )
        archive.writestr(
            "OEBPS/content.opf",
            _page(
                "content.opf",
                pack,
                stories=stories,
                identifier=identifier,
                modified=timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            ),
        )
        archive.writestr("OEBPS/nav.xhtml", _page("nav.xhtml", pack, stories=stories))
        for story in stories:
            archive.writestr(
                posixpath.join("OEBPS", story.epub_file),
                _xhtml(_page("story.html", pack, story=story, epub=True)),
            )
    return buffer.getvalue()


def _xhtml(html: str) -> str:
    """HTML made into well-formed XHTML, as EPUB requires: parsed as a browser
    would, written back as XML."""
    ET.register_namespace("", XHTML)
    root = tinyhtml5.parse(html)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n{body}'


BUILDERS = {"zip": build_zip, "pdf": build_pdf, "epub": build_epub}


def build_pack(pack: Pack, fmt: str) -> bytes:
    return BUILDERS[fmt](pack)
