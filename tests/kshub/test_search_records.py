"""Searches are recorded anonymously, limited per client, shown to moderators as
what people look for and don't find, and dropped after the retention period."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import services
from core.models import SearchQueryRecord
from tests.factories import IndexedCaseStoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()


def test_a_search_is_counted_with_its_results_and_nothing_personal(client):
    IndexedCaseStoryFactory(title="Irrigation in the Sahel")
    client.get("/search/", {"q": "Irrigation"})
    client.get("/search/", {"q": "irrigation "})
    client.get("/search/", {"q": "zzyzx"})

    records = {r.text: r for r in SearchQueryRecord.objects.all()}
    assert records["irrigation"].searches == 2
    assert records["irrigation"].results == 1
    assert records["zzyzx"].results == 0
    fields = {field.name for field in SearchQueryRecord._meta.get_fields()}
    assert fields == {"id", "text", "day", "searches", "results"}


def test_one_client_cannot_fill_the_log(client, monkeypatch):
    monkeypatch.setattr(services, "SEARCH_RECORD_LIMIT", 3)
    for n in range(10):
        client.get("/search/", {"q": f"flood {n}"})
    assert SearchQueryRecord.objects.count() == 3


def test_a_client_over_its_limit_writes_nothing(client, monkeypatch):
    """Neither a count nor a result: its searches run no write at all."""
    monkeypatch.setattr(services, "SEARCH_RECORD_LIMIT", 1)
    IndexedCaseStoryFactory(title="Irrigation in the Sahel")
    client.get("/search/", {"q": "drought"})
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "irrigation"})
    assert not [q for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert list(SearchQueryRecord.objects.values_list("text", "results")) == [
        ("drought", 0)
    ]


def test_later_pages_and_empty_queries_are_not_counted(client):
    client.get("/search/", {"q": "water", "page": 2})
    client.get("/search/", {"q": "   "})
    assert not SearchQueryRecord.objects.exists()


def test_old_records_are_dropped():
    today = timezone.localdate()
    SearchQueryRecord.objects.create(text="old", day=today - datetime.timedelta(400))
    SearchQueryRecord.objects.create(text="new", day=today)
    assert services.drop_old_search_records() == 1
    assert list(SearchQueryRecord.objects.values_list("text", flat=True)) == ["new"]


def test_moderators_see_what_is_not_found(client, moderator):
    SearchQueryRecord.objects.create(text="mangrove finance", searches=7, results=0)
    SearchQueryRecord.objects.create(text="knowledge", searches=30, results=12)
    client.force_login(moderator)
    response = client.get("/moderation/searches/")
    assert response.status_code == 200
    assert [row["text"] for row in response.context["unanswered"]] == [
        "mangrove finance"
    ]
    assert [row["text"] for row in response.context["frequent"]] == [
        "knowledge",
        "mangrove finance",
    ]
