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


def test_index_links_every_resource(client):
    body = client.get("/api/v1/").json()

    assert body["resources"]["documents"] == "http://testserver/api/v1/documents/"
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


def test_list_pages_read_in_a_bounded_number_of_queries(
    client, stories, django_assert_num_queries
):
    for _ in range(10):
        factories.CaseStoryFactory()

    # The page, then its partners, dimensions and themes.
    with django_assert_num_queries(4):
        client.get("/api/v1/case-stories/?limit=50")


def test_documents_are_searched_by_their_text(client):
    factories.DocumentFactory(slug="communique", text="Investing in institutions")
    factories.DocumentFactory(slug="other", text="Nothing else")

    body = client.get("/api/v1/documents/?q=institutions").json()

    assert [record["slug"] for record in body["results"]] == ["communique"]
