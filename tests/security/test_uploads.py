"""Uploads: only real PDF, PNG and JPEG files are kept, under generated names, and
served back as attachments that a browser will not sniff into HTML."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Attachment
from tests import factories
from tests.security.conftest import PNG, close_response

pytestmark = pytest.mark.django_db

STORY = {"title": "A story", "summary": "In short.", "language": "en"}
HOSTILE = {
    "html with a png header": (
        "page.png",
        b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
        "image/png",
    ),
    "script renamed pdf": ("report.pdf", b"#!/bin/sh\nrm -rf /\n", "application/pdf"),
    "pdf header then html": (
        "report.pdf",
        b"%PDF-1.4\n<script>alert(1)</script>",
        "application/pdf",
    ),
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "image/svg+xml",
    ),
    "html": ("index.html", b"<script>alert(1)</script>", "text/html"),
    "empty": ("empty.png", b"", "image/png"),
}


@pytest.fixture
def author_client(client, media):
    author = factories.MemberFactory()
    client.force_login(author)
    return client


def upload(client, name, content, content_type):
    return client.post(
        "/cases/new/",
        {**STORY, "attachment": SimpleUploadedFile(name, content, content_type)},
    )


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_uploads_are_refused_with_a_form_error(author_client, media, kind):
    response = upload(author_client, *HOSTILE[kind])
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Attachment.objects.exists()
    assert not list(media.rglob("*.*"))


def test_oversized_upload_is_refused_with_a_form_error(author_client, settings):
    settings.ATTACHMENT_MAX_BYTES = len(PNG) - 1
    response = upload(author_client, "big.png", PNG, "image/png")
    assert response.status_code == 400
    assert "attachment" in response.context["form"].errors
    assert not Attachment.objects.exists()


def test_request_body_over_the_limit_is_a_400_not_a_500(author_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = author_client.post("/cases/new/", {**STORY, "context": "x" * 4096})
    assert response.status_code in (400, 413)


def test_path_in_the_name_is_stored_under_a_generated_name_and_served_safely(
    author_client, media
):
    response = upload(author_client, "../../etc/passwd.png", PNG, "image/png")
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    stored = media / attachment.file.name
    assert stored.is_file()
    assert stored.resolve().is_relative_to(media.resolve())
    assert attachment.file.name == (
        f"cases/{attachment.case_story_id}/{attachment.token}.png"
    )
    assert "/" not in attachment.original_name
    assert ".." not in attachment.file.name

    download = author_client.get(
        f"/cases/{attachment.case_story.slug}/attachments/{attachment.token}/"
    )
    try:
        assert download.status_code == 200
        assert download["Content-Type"] == "image/png"
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert b"".join(download.streaming_content) == PNG
    finally:
        close_response(download)
