"""Recognise an uploaded file by its content: PDF, PNG and JPEG only.

The name and the browser's declared type are ignored; a script renamed ``.pdf`` is
refused because its bytes are not a PDF's. Beyond the signature, the structure each
format must have is checked (PNG header and end chunks, JPEG start and end markers,
PDF end-of-file marker), so a few magic bytes glued to another file do not pass.
"""

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
PDF_SIGNATURE = b"%PDF-"
TAIL_BYTES = 2048


def detect_content_type(uploaded_file) -> str | None:
    """The file's MIME type when it is a well-formed PDF, PNG or JPEG, else None."""
    head, tail = _head_and_tail(uploaded_file)
    if head.startswith(PDF_SIGNATURE):
        return PDF if b"%%EOF" in tail else None
    if head.startswith(PNG_SIGNATURE):
        well_formed = head[12:16] == b"IHDR" and b"IEND" in tail[-12:]
        return PNG if well_formed else None
    if head.startswith(JPEG_SIGNATURE):
        # The end-of-image marker, possibly followed by a little padding.
        return JPEG if b"\xff\xd9" in tail[-32:] else None
    return None


def _head_and_tail(uploaded_file) -> tuple[bytes, bytes]:
    uploaded_file.seek(0)
    head = uploaded_file.read(64)
    size = uploaded_file.size
    uploaded_file.seek(max(0, size - TAIL_BYTES))
    tail = uploaded_file.read(TAIL_BYTES)
    uploaded_file.seek(0)
    return head, tail
