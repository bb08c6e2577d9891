import io
import zipfile

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEntry
from events.files import detect_document_type, extract_text
from events.models import Document
from kshub.search import search_everything
from tests import factories

pytestmark = pytest.mark.django_db


def _pdf_with_text(text: str) -> bytes:
    return weasyprint.HTML(string=f"<p>{text}</p>").write_pdf()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_detect_document_type_reads_the_content_not_the_name():
    pdf = SimpleUploadedFile("x.docx", _pdf_with_text("Hello"))
    docx = SimpleUploadedFile("x.pdf", _docx())
    script = SimpleUploadedFile("x.pdf", b"#!/bin/sh\nrm -rf /\n")

    assert detect_document_type(pdf) == "application/pdf"
    assert detect_document_type(docx).endswith("wordprocessingml.document")
    assert detect_document_type(script) is None


def test_extract_text_reads_a_pdf_and_ignores_a_damaged_one():
    good = io.BytesIO(_pdf_with_text("Institutional approach to knowledge"))
    damaged = io.BytesIO(b"%PDF-1.4 nothing here %%EOF")

    assert "Institutional approach" in extract_text(good, "application/pdf")
    assert extract_text(damaged, "application/pdf") == ""


def test_admin_upload_fills_type_size_and_text(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = factories.EventFactory()
    pdf = _pdf_with_text("Participants agreed to invest in capacities")

    response = admin_client.post(
        reverse("admin:events_document_add"),
        {
            "event": event.pk,
            "title": "Communiqué",
            "slug": "communique",
            "kind": "communique",
            "language": "en",
            "file": SimpleUploadedFile("c.bin", pdf, content_type="text/plain"),
            "text": "",
        },
    )

    assert response.status_code == 302, response.content
    document = Document.objects.get(slug="communique")
    assert document.content_type == "application/pdf"
    assert document.size == len(pdf)
    assert "invest in capacities" in document.text


def test_admin_refuses_a_file_that_is_not_a_document(admin_client):
    event = factories.EventFactory()

    response = admin_client.post(
        reverse("admin:events_document_add"),
        {
            "event": event.pk,
            "title": "Script",
            "slug": "script",
            "kind": "other",
            "language": "en",
            "file": SimpleUploadedFile("c.pdf", b"<script>alert(1)</script>"),
        },
    )

    assert response.status_code == 200
    assert not Document.objects.filter(slug="script").exists()


def test_document_page_shows_text_marked_as_summary_and_links(client):
    original = factories.DocumentFactory(
        slug="seoul-communique",
        title="Seoul Communiqué",
        text="Participants agreed to **invest** <script>alert(1)</script>",
        text_is_summary=True,
    )
    spanish = factories.DocumentFactory(
        event=original.event,
        slug="comunicado-de-seul",
        title="Comunicado de Seúl",
        language="es",
        original=original,
    )

    response = client.get("/documents/seoul-communique/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>invest</strong>" in html
    assert "<script>alert(1)" not in html
    assert "Summary" in html
    assert spanish.get_absolute_url() in html
    assert original.event.get_absolute_url() in html


def test_event_and_session_pages_link_their_documents(client):
    session = factories.SessionFactory()
    document = factories.DocumentFactory(event=session.event, session=session)

    for url in (session.event.get_absolute_url(), session.get_absolute_url()):
        assert document.get_absolute_url() in client.get(url).content.decode()


def test_document_found_by_a_word_of_its_text():
    document = factories.DocumentFactory(
        title="Seoul Communiqué", text="Investing in country institutions"
    )
    factories.DocumentFactory(title="Other", text="Nothing related")

    assert list(Document.objects.matching("institutions")) == [document]
    found = search_everything("institutions")
    assert not found.corrected
    assert found.counts["document"] == 1
    assert document.get_absolute_url() in [result.url for result in found.results]


def test_moderator_edits_the_text(moderator_client, moderator):
    document = factories.DocumentFactory(text="Old")

    response = moderator_client.post(
        reverse("documents:edit", args=[document.slug]),
        {"title": "New title", "kind": "report", "text": "New text"},
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.text) == ("New title", "New text")
    assert AuditEntry.objects.filter(actor=moderator, action="document.edit").exists()
    assert list(Document.objects.matching("new")) == [document]


def test_member_may_not_edit_a_document(member_client):
    document = factories.DocumentFactory()

    response = member_client.post(
        reverse("documents:edit", args=[document.slug]),
        {"title": "Defaced", "kind": "report", "text": "x"},
    )

    assert response.status_code == 403
