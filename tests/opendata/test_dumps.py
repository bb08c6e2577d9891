import csv
import datetime
import io
import json

import frictionless
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from impact.models import Adoption
from members.services import delete_account
from opendata import dumps
from opendata.resources import RESOURCES
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    author = factories.MemberFactory(email="private.person@example.org")
    institution = factories.InstitutionFactory(slug="kdi", name="KDI")
    factories.InstitutionFactory(slug="unverified", verified=False)
    story = factories.CaseStoryFactory(
        author=author,
        lead_institution=institution,
        countries=["KR", "CL"],
        title='A story, with "quotes"',
    )
    story.dimensions.add(factories.DimensionFactory())
    draft = factories.DraftCaseStoryFactory(author=author, title="A secret draft")
    _adoptions(story, draft, author)
    session = factories.SessionFactory()
    factories.SpeakerFactory(session=session, institution=institution)
    factories.DocumentFactory(
        event=session.event, session=session, slug="communique", text="Agreed."
    )
    factories.PostFactory(author=author)
    factories.KnowledgeRequestFactory(
        title="Learning to measure", institution=institution, contact=author
    )
    factories.KnowledgeRequestFactory(title="A hidden request", hidden=True)
    factories.KnowledgeOfferFactory(title="Our tools", institution=institution)
    factories.completed_exchange(
        provider=institution,
        recipient=factories.InstitutionFactory(slug="unverified-2", verified=False),
        slug="kdi-exchange",
        title="KDI shares its methods",
    )
    return story


def _adoptions(story, draft, author) -> None:
    """One adoption a visitor sees on the story's page, and four nobody does."""
    factories.AdoptionFactory(
        case_story=story,
        institution=factories.InstitutionFactory(slug="mexico-agency", country="MX"),
        author=author,
        note="We took the **peer review**.",
    )
    factories.AdoptionFactory(case_story=story, status="hidden", note="A hidden note")
    factories.AdoptionFactory(
        case_story=story, status="withdrawn", note="A withdrawn note"
    )
    factories.AdoptionFactory(case_story=draft, note="Adapted from a draft")
    factories.AdoptionFactory(
        case_story=story,
        institution=factories.InstitutionFactory(slug="unverified-3", verified=False),
        note="Adapted by an unverified institution",
    )


def _text(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_dumps_hold_published_content_and_nothing_private(client, content):
    everything = ""
    for name in RESOURCES:
        for fmt in ("csv", "jsonl"):
            response = client.get(f"/data/{name}.{fmt}")
            assert response.status_code == 200, name
            everything += _text(response)

    assert 'A story, with ""quotes""' in everything
    assert "A secret draft" not in everything
    assert "Learning to measure" in everything
    assert "Our tools" in everything
    assert "kdi-exchange" in everything
    assert "A hidden request" not in everything
    assert "We took the **peer review**." in everything
    for note in ("A hidden note", "A withdrawn note", "Adapted from a draft"):
        assert note not in everything
    assert "unverified" not in everything
    assert "example.org" not in everything
    assert "@" not in everything


def test_csv_dump_lists_joined_and_urls_absolute(client, content):
    rows = list(
        csv.DictReader(io.StringIO(_text(client.get("/data/case-stories.csv"))))
    )

    assert len(rows) == 1
    assert rows[0]["countries"] == "KR;CL"
    assert rows[0]["lead_institution"] == "kdi"
    assert rows[0]["url"] == f"http://testserver{content.get_absolute_url()}"


def test_jsonl_dump_is_one_object_per_line(client, content):
    lines = _text(client.get("/data/documents.jsonl")).splitlines()

    records = [json.loads(line) for line in lines]
    assert [record["slug"] for record in records] == ["communique"]
    assert records[0]["text"] == "Agreed."


def test_adoption_dumps_give_what_the_story_page_shows(client, content):
    adoption = Adoption.objects.get(institution__slug="mexico-agency")
    expected = {
        "id": adoption.pk,
        "case_story": content.slug,
        "institution": "mexico-agency",
        "country": "MX",
        "note": "We took the **peer review**.",
        "created_at": adoption.created_at.astimezone(datetime.UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        ),
        "url": f"http://testserver{content.get_absolute_url()}#adoption-{adoption.pk}",
    }

    records = _text(client.get("/data/adoptions.jsonl")).splitlines()
    rows = list(csv.DictReader(io.StringIO(_text(client.get("/data/adoptions.csv")))))

    assert [json.loads(line) for line in records] == [expected]
    assert rows == [{**expected, "id": str(adoption.pk)}]


def test_adoption_outlives_its_authors_account_without_naming_it(client, content):
    author = Adoption.objects.get(institution__slug="mexico-agency").author
    username = author.username
    delete_account(user=author)

    records = _text(client.get("/data/adoptions.jsonl")).splitlines()

    # As on the story's page: the adoption belongs to the institution.
    assert [json.loads(line)["institution"] for line in records] == ["mexico-agency"]
    assert username not in "".join(records)


def test_dump_reads_rows_in_a_bounded_number_of_queries(
    client, content, django_assert_max_num_queries
):
    for _ in range(20):
        factories.CaseStoryFactory()

    with django_assert_max_num_queries(8):
        _text(client.get("/data/case-stories.csv"))


def test_unknown_dump_is_not_found(client):
    assert client.get("/data/members.csv").status_code == 404
    assert client.get("/data/case-stories.xml").status_code == 404


def test_export_writes_a_data_package_frictionless_validates(content, tmp_path):
    call_command("export_open_data", output=tmp_path, stdout=io.StringIO())

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert (tmp_path / "case-stories.jsonl").read_text().count("\n") == 1
    assert (tmp_path / "adoptions.csv").read_text().count("\n") == 2


def test_datapackage_descriptor_is_valid(client, content):
    descriptor = client.get("/data/datapackage.json").json()

    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    paths = [resource["path"] for resource in descriptor["resources"]]
    assert "http://testserver/data/case-stories.csv" in paths
    assert "http://testserver/data/adoptions.csv" in paths


def test_catalogue_is_dcat_json_ld(client, content):
    response = client.get("/data/catalog.jsonld")

    catalogue = json.loads(response.content)
    assert response["Content-Type"] == "application/ld+json"
    assert catalogue["@type"] == "dcat:Catalog"
    datasets = {
        dataset["dct:identifier"]: dataset for dataset in catalogue["dcat:dataset"]
    }
    urls = [
        d["dcat:downloadURL"]["@id"] for d in datasets["documents"]["dcat:distribution"]
    ]
    assert urls == [
        "http://testserver/data/documents.csv",
        "http://testserver/data/documents.jsonl",
    ]
    assert datasets["adoptions"]["dct:title"] == "Adoptions"


def test_open_data_page_links_every_dump(client):
    html = client.get("/data/").content.decode()

    assert "/data/case-stories.csv" in html
    assert "/data/adoptions.jsonl" in html
    assert "/data/datapackage.json" in html
    assert "creativecommons.org/licenses/by/4.0" in html


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.parametrize(
    ("language", "title", "description"),
    [
        ("es", "Historias de caso", "Lo que las instituciones quieren aprender"),
        ("fr", "Récits de cas", "Ce que les institutions veulent apprendre"),
    ],
)
def test_open_data_pages_describe_the_data_in_the_readers_language(
    client, language, title, description
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    # What the pages show (their JSON-LD describes the data as the data package
    # does, in English).
    page = _main(client.get("/data/"))
    api = _main(client.get(reverse("api:docs")))

    assert f'<th scope="row">{title}</th>' in page
    assert description in page
    assert description in api
    assert "What institutions want to learn" not in page + api
    # The data package keeps the English its readers' tools expect.
    package = client.get("/data/datapackage.json").json()
    titles = {resource["name"]: resource["title"] for resource in package["resources"]}
    assert titles["case-stories"] == "Case stories"


def test_exported_files_hold_what_the_dump_addresses_serve(content, tmp_path):
    # The export writes both formats of an entity from one reading of its rows.
    def absolute(path: str) -> str:
        return "https://kshub.example" + path

    dumps.export(tmp_path, absolute=absolute)

    for name in RESOURCES:
        for fmt in dumps.FORMATS:
            served = "".join(dumps.lines(name, fmt, absolute))
            assert (tmp_path / f"{name}.{fmt}").read_text(encoding="utf-8") == served
