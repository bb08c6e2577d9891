import io
import xml.etree.ElementTree as ET
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader

from cases import pack_views, packs, tasks
from cases.models import Attachment
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def stories():
    dimension = factories.DimensionFactory(slug="measuring-results")
    measured = factories.CaseStoryFactory(
        title="Measuring results in Chile", solution=f"We **measured**. {HOSTILE}"
    )
    measured.dimensions.add(dimension)
    Attachment.objects.create(
        case_story=measured,
        token="evaluation-token",
        file=ContentFile(PDF, name="evaluation.pdf"),
        original_name="evaluation.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    other = factories.CaseStoryFactory(title="Another story")
    draft = factories.DraftCaseStoryFactory(title="Draft story")
    draft.dimensions.add(dimension)
    return measured, other


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_pack_page_counts_the_selection_and_says_the_limit(client, stories):
    response = client.get("/cases/pack/?dimension=measuring-results")

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 published case story matches" in html
    assert "format=zip" in html
    assert "dimension=measuring-results" in html


def test_zip_pack_holds_index_story_pages_and_attachments(client, stories):
    measured, _other = stories

    response = client.get("/cases/pack/?dimension=measuring-results&format=zip")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = _zip(response)
    names = archive.namelist()
    assert f"{measured.slug}.html" in names
    assert "another-story.html" not in " ".join(names)
    index = archive.read("index.html").decode()
    assert f'href="{measured.slug}.html"' in index
    page = archive.read(f"{measured.slug}.html").decode()
    assert "<strong>measured</strong>" in page
    assert "<script>" not in page
    # Markdown's raw HTML is shown as text (markdown-it-py escapes it), never a tag.
    assert "<img" not in page
    assert "<style>" in page
    assert "http" not in page.replace("http-equiv", "")
    attachment = measured.attachments.get()
    carried = f"attachments/{attachment.token}.pdf"
    assert archive.read(carried) == PDF
    assert f'href="{carried}"' in page


def test_pdf_pack_holds_the_stories_text(client, stories):
    response = client.get("/cases/pack/?dimension=measuring-results&format=pdf")

    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Measuring results in Chile" in text
    assert "Another story" not in text


def test_epub_pack_follows_the_container_layout(client, stories):
    measured, _other = stories

    response = client.get("/cases/pack/?format=epub")

    archive = _zip(response)
    first = archive.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/epub+zip"
    assert "OEBPS/content.opf" in archive.read("META-INF/container.xml").decode()
    opf = archive.read("OEBPS/content.opf").decode()
    assert f'href="{measured.slug}.xhtml"' in opf
    assert 'properties="nav"' in opf
    chapter = archive.read(f"OEBPS/{measured.slug}.xhtml").decode()
    # Well-formed XML, as EPUB readers require, with the hostile markup inert.
    ET.fromstring(chapter.split("\n", 2)[2])  # noqa: S314 — our own output
    assert "<script" not in chapter
    assert "Draft story" not in archive.read("OEBPS/nav.xhtml").decode()


def test_pack_is_bounded(client, stories, monkeypatch):
    monkeypatch.setattr(packs, "MAX_STORIES", 1)

    response = client.get("/cases/pack/?format=zip")

    story_pages = [n for n in _zip(response).namelist() if n != "index.html"]
    assert len([n for n in story_pages if n.endswith(".html")]) == 1


def test_pack_is_kept_until_the_content_changes(client, stories, monkeypatch):
    built = []
    original = packs.BUILDERS["zip"]
    monkeypatch.setitem(
        packs.BUILDERS, "zip", lambda pack: built.append(1) or original(pack)
    )

    client.get("/cases/pack/?format=zip")
    client.get("/cases/pack/?format=zip")
    new = factories.CaseStoryFactory(title="A new story")
    response = client.get("/cases/pack/?format=zip")

    assert len(built) == 2
    assert f"{new.slug}.html" in _zip(response).namelist()


def test_pack_downloads_are_rate_limited(client, stories, monkeypatch):
    monkeypatch.setattr(pack_views, "PACK_LIMIT", 2)

    answers = [client.get("/cases/pack/?format=zip").status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_unknown_filters_and_formats_show_the_pack_page(client, stories):
    response = client.get("/cases/pack/?format=exe&year=banana&dimension=%00")

    assert response.status_code == 200
    assert "2 published case stories match" in response.content.decode()


def test_an_events_stories_make_a_pack_linked_from_its_page(client, stories):
    measured, _other = stories
    session = factories.SessionFactory()
    session.case_stories.add(measured, factories.DraftCaseStoryFactory())
    event = session.event

    html = client.get(event.get_absolute_url()).content.decode()
    assert f"/cases/pack/?event={event.slug}" in html
    assert (
        "1 published case story matches"
        in client.get(f"/cases/pack/?event={event.slug}").content.decode()
    )
    response = client.get(f"/cases/pack/?event={event.slug}&format=zip")

    names = _zip(response).namelist()
    assert f"{measured.slug}.html" in names
    assert "another-story.html" not in " ".join(names)
    assert "draft-story.html" not in " ".join(names)


def test_large_selection_is_packed_in_the_background(client, stories, monkeypatch):
    queued = []
    monkeypatch.setattr(pack_views, "IN_REQUEST", 1)
    monkeypatch.setattr(
        pack_views,
        "tasks",
        SimpleNamespace(
            build_case_pack=SimpleNamespace(enqueue=lambda *args: queued.append(args))
        ),
    )

    response = client.get("/cases/pack/?format=zip")

    assert response.status_code == 202
    assert "being prepared" in response.content.decode()
    assert client.get("/cases/pack/?format=zip").status_code == 202
    assert queued == [([], "zip", "en")]  # once, however often it is asked for
    tasks.build_case_pack.call([], "zip", "en")  # as a worker runs it
    response = client.get("/cases/pack/?format=zip")
    assert response.status_code == 200
    assert "index.html" in _zip(response).namelist()
    page = client.get("/cases/pack/").content.decode()
    assert f"({filesizeformat(len(response.content))})" in page
