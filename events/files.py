"""A document's file, recognised by its content, and the text read from it.

PDFs are checked as case-story attachments are (``cases.attachments``); office
formats (Word, PowerPoint, Excel and their OpenDocument cousins) are zip archives
that must hold the part their format names. The name and the browser's declared
type are ignored. Text is read from PDFs with pypdf.
"""

import logging
import zipfile

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from cases.attachments import PDF, detect_content_type

logger = logging.getLogger(__name__)

# The part each Office Open XML format must hold.
OFFICE_PARTS = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}
OPENDOCUMENT_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
}
# Enough for a long report; a larger file is read only this far.
MAX_PAGES = 300
MAX_TEXT = 500_000


def detect_document_type(uploaded_file) -> str | None:
    """The file's MIME type when it is a well-formed PDF or office document."""
    if detect_content_type(uploaded_file) == PDF:
        return PDF
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype").decode("ascii", "replace")
                return declared if declared in OPENDOCUMENT_TYPES else None
            return next(
                (kind for part, kind in OFFICE_PARTS.items() if part in names), None
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        uploaded_file.seek(0)


def extract_text(file, content_type: str) -> str:
    """The text of a PDF, page after page; empty for other formats and for a PDF
    pypdf cannot read (a scan, a damaged file)."""
    if content_type != PDF:
        return ""
    file.seek(0)
    try:
        reader = PdfReader(file)
        pages = []
        for page in reader.pages[:MAX_PAGES]:
            pages.append((page.extract_text() or "").strip())
            if sum(map(len, pages)) > MAX_TEXT:
                break
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        logger.warning("Could not read the text of a PDF: %s", error)
        return ""
    finally:
        file.seek(0)
    # PostgreSQL text cannot hold NUL.
    return "\n\n".join(page for page in pages if page)[:MAX_TEXT].replace("\x00", "")
