import pytest
from openapi_spec_validator import validate

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories():
    dimension = factories.DimensionFactory(slug="measuring-results")
    measured = [factories.CaseStoryFactory(countries=["KR"]) for _ in range(3)]
    for story in measured:
        story.dimensions.add(dimension)
    factories.CaseStoryFactory(countries=["CL"])
    factories.DraftCaseStoryFactory(countries=["KR"])
    return measured


def test_openapi_schema_is_valid_3_1(client):
    schema = client.get("/api/v1/openapi.json").json()

    validate(schema)
    assert schema["openapi"] == "3.1.0"
    assert "/case-stories/" in schema["paths"]
    assert "/adoptions/" in schema["paths"]
    assert "/adoptions/{slug}/" not in schema["paths"]


def test_index_links_every_resource(client):
    body = client.get("/api/v1/").json()

    assert body["resources"]["documents"] == "http://testserver/api/v1/documents/"
    assert body["resources"]["adoptions"] == "http://testserver/api/v1/adoptions/"
    assert body["openapi"] == "http://testserver/api/v1/openapi.json"


def test_story_list_filters_like_the_site(client, stories):
    body = client.get("/api/v1/case-stories/?dimension=measuring-results").json()

    assert sorted(record["slug"] for record in body["results"]) == sorted(
        story.slug for story in stories
    )
    assert body["next"] is None
    only_chile = client.get("/api/v1/case-stories/?country=CL").json()
    assert [record["countries"] for record in only_chile["results"]] == [["CL"]]


def test_cursor_pagination_walks_every_published_story(client, stories):
    seen, url = [], "/api/v1/case-stories/?limit=2"
    while url:
        body = client.get(url).json()
        seen += [record["slug"] for record in body["results"]]
        url = body["next"]

    assert len(seen) == 4
    assert len(set(seen)) == 4


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=100000",
        "limit=ten",
        "cursor=%%%",
        "cursor=-1",
        "country=ZZ",
        "year=banana",
        "language=xx",
        "q=%00",
    ],
)
def test_bad_input_is_a_json_400(client, query):
    response = client.get(f"/api/v1/case-stories/?{query}")

    assert response.status_code == 400
    assert "error" in response.json()


def test_detail_and_missing_record(client, stories):
    story = stories[0]

    assert client.get(f"/api/v1/case-stories/{story.slug}/").json()["title"] == (
        story.title
    )
    missing = client.get("/api/v1/case-stories/no-such-story/")
    assert missing.status_code == 404
    assert missing.json() == {"error": "Not found."}
    draft = factories.DraftCaseStoryFactory()
    assert client.get(f"/api/v1/case-stories/{draft.slug}/").status_code == 404


def test_conditional_requests_get_304(client, stories):
    first = client.get("/api/v1/case-stories/")

    assert first["ETag"]
    assert first["Last-Modified"]
    again = client.get("/api/v1/case-stories/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    factories.CaseStoryFactory()
    changed = client.get("/api/v1/case-stories/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_cors_allows_reading_only(client):
    response = client.get("/api/v1/events/")
    assert response["Access-Control-Allow-Origin"] == "*"

    preflight = client.options("/api/v1/events/")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"

    refused = client.post("/api/v1/events/")
    assert refused.status_code == 405
    assert refused.json()["error"]


def test_api_is_rate_limited_per_client(client, monkeypatch):
    from opendata import api

    monkeypatch.setattr(api, "RATE_LIMIT", 2)

    answers = [client.get("/api/v1/events/").status_code for _ in range(3)]

    assert answers == [200, 200, 429]


def test_story_record_reads_its_relations_sorted_as_python_sorts(client):
    # A collation that ignores hyphens would put "ab" before "a-c".
    story = factories.CaseStoryFactory(countries=["KR", "CL"])
    story.partner_institutions.add(
        factories.InstitutionFactory(slug="ab"),
        factories.InstitutionFactory(slug="a-c"),
    )
    story.dimensions.add(
        factories.DimensionFactory(slug="measuring-results"),
        factories.DimensionFactory(slug="leadership"),
    )
    story.tags.add("zz-theme", "Cash transfers", "cash")

    (record,) = client.get("/api/v1/case-stories/").json()["results"]

    assert record["partner_institutions"] == ["a-c", "ab"]
    assert record["dimensions"] == ["leadership", "measuring-results"]
    assert record["tags"] == sorted(tag.slug for tag in story.tags.all())
    assert record["countries"] == ["KR", "CL"]
    assert record["lead_institution"] == story.lead_institution.slug
    assert record["url"] == f"http://testserver{story.get_absolute_url()}"
    detail = client.get(f"/api/v1/case-stories/{story.slug}/").json()
    assert detail == record


def test_list_pages_read_in_a_bounded_number_of_queries(
    client, stories, django_assert_num_queries
):
    for _ in range(10):
        factories.CaseStoryFactory()

    # The page, its partners, dimensions and themes in arrays.
    with django_assert_num_queries(1):
        client.get("/api/v1/case-stories/?limit=50")


def test_documents_are_searched_by_their_text(client):
    factories.DocumentFactory(slug="communique", text="Investing in institutions")
    factories.DocumentFactory(slug="other", text="Nothing else")

    body = client.get("/api/v1/documents/?q=institutions").json()

    assert [record["slug"] for record in body["results"]] == ["communique"]


@pytest.fixture
def adoptions():
    """Three adoptions a visitor sees, and three nobody does."""
    measuring = factories.DimensionFactory(slug="measuring-results")
    story = factories.CaseStoryFactory(slug="chile-solidario")
    story.dimensions.add(measuring)
    other = factories.CaseStoryFactory(slug="seoul-metro")
    mexico = factories.InstitutionFactory(slug="mexico-agency", country="MX")
    nigeria = factories.InstitutionFactory(slug="nigeria-office", country="NG")
    shown = [
        factories.AdoptionFactory(case_story=story, institution=mexico),
        factories.AdoptionFactory(case_story=story, institution=nigeria),
        factories.AdoptionFactory(case_story=other, institution=mexico),
    ]
    factories.AdoptionFactory(case_story=story, status="hidden")
    factories.AdoptionFactory(case_story=other, status="withdrawn")
    factories.AdoptionFactory(case_story=factories.DraftCaseStoryFactory())
    return shown


def _ids(client, query: str = "") -> list[int]:
    body = client.get(f"/api/v1/adoptions/?{query}").json()
    return [record["id"] for record in body["results"]]


def test_adoption_list_holds_only_what_visitors_see(client, adoptions):
    body = client.get("/api/v1/adoptions/").json()

    assert [record["id"] for record in body["results"]] == [a.pk for a in adoptions]
    first = body["results"][0]
    assert set(first) == {
        "id",
        "case_story",
        "institution",
        "country",
        "note",
        "created_at",
        "url",
    }
    assert (first["case_story"], first["institution"], first["country"]) == (
        "chile-solidario",
        "mexico-agency",
        "MX",
    )
    assert first["url"].endswith(f"/cases/chile-solidario/#adoption-{first['id']}")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("case_story=chile-solidario", [0, 1]),
        ("institution=mexico-agency", [0, 2]),
        ("country=NG", [1]),
        ("dimension=measuring-results", [0, 1]),
        ("year=2000", []),
        ("case_story=no-such-story", []),
    ],
)
def test_adoption_list_filters(client, adoptions, query, expected):
    assert _ids(client, query) == [adoptions[n].pk for n in expected]


def test_adoption_list_filters_by_the_year_it_was_adapted(client, adoptions):
    year = adoptions[0].created_at.year

    assert _ids(client, f"year={year}") == [a.pk for a in adoptions]


def test_adoption_list_pages_by_cursor_and_answers_304(client, adoptions):
    first = client.get("/api/v1/adoptions/?limit=2")
    second = client.get(first.json()["next"])

    assert [r["id"] for r in first.json()["results"] + second.json()["results"]] == [
        a.pk for a in adoptions
    ]
    assert second.json()["next"] is None
    again = client.get("/api/v1/adoptions/?limit=2", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    "query", ["country=ZZ", "year=1200", "year=soon", "case_story=a%20b", "cursor=x"]
)
def test_adoption_list_bad_input_is_a_json_400(client, query):
    response = client.get(f"/api/v1/adoptions/?{query}")

    assert response.status_code == 400
    assert "error" in response.json()


def test_adoptions_have_no_detail_address(client, adoptions):
    assert client.get(f"/api/v1/adoptions/{adoptions[0].pk}/").status_code == 404


def test_adoption_list_reads_one_query(client, adoptions, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/api/v1/adoptions/?limit=50")
