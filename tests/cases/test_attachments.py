import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import Attachment
from tests.factories import DraftCaseStoryFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
    b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32 + b"\xff\xd9"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("content", "content_type", "extension"),
    [
        (PDF, "application/pdf", ".pdf"),
        (PNG, "image/png", ".png"),
        (JPEG, "image/jpeg", ".jpg"),
    ],
)
def test_add_attachment_accepts_pdf_png_jpeg(content, content_type, extension):
    case = DraftCaseStoryFactory()
    upload = SimpleUploadedFile("report.bin", content, content_type="text/plain")
    attachment = services.add_attachment(
        case_story=case, uploaded_file=upload, author=case.author
    )
    assert attachment.content_type == content_type
    assert attachment.original_name == "report.bin"
    assert attachment.file.name == f"cases/{case.pk}/{attachment.token}{extension}"
    with attachment.file.open("rb") as stored:
        assert stored.read() == content


def test_add_attachment_refuses_a_script_renamed_pdf():
    case = DraftCaseStoryFactory()
    upload = SimpleUploadedFile(
        "report.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        services.add_attachment(
            case_story=case, uploaded_file=upload, author=case.author
        )
    assert not Attachment.objects.exists()


def test_add_attachment_refuses_a_signature_glued_to_other_content():
    case = DraftCaseStoryFactory()
    upload = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        services.add_attachment(
            case_story=case, uploaded_file=upload, author=case.author
        )


def test_add_attachment_refuses_a_file_over_the_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    case = DraftCaseStoryFactory()
    upload = SimpleUploadedFile("big.pdf", PDF)
    with pytest.raises(ValidationError):
        services.add_attachment(
            case_story=case, uploaded_file=upload, author=case.author
        )


def test_attachment_download_is_an_attachment_with_nosniff(member_client, member):
    case = DraftCaseStoryFactory(author=member)
    attachment = services.add_attachment(
        case_story=case,
        uploaded_file=SimpleUploadedFile("plan.pdf", PDF),
        author=member,
    )
    response = member_client.get(f"/cases/{case.slug}/attachments/{attachment.token}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="plan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_attachment_download_of_a_draft_is_hidden_from_others(client):
    case = DraftCaseStoryFactory()
    attachment = services.add_attachment(
        case_story=case,
        uploaded_file=SimpleUploadedFile("plan.pdf", PDF),
        author=case.author,
    )
    response = client.get(f"/cases/{case.slug}/attachments/{attachment.token}/")
    assert response.status_code == 404
