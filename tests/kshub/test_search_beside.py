"""The kinds of the largest tables (stories, comments) are searched beside the
others, each on a connection of its own; inside a transaction, every kind on the
transaction's, which alone sees what it wrote."""

import dataclasses
import threading

import pytest
from django.db import ProgrammingError, connection, connections
from django.utils import translation

from core.sitesearch import KINDS
from kshub.search import search_everything
from tests.factories import CommentFactory, EventFactory, IndexedCaseStoryFactory


def _threads_searching(monkeypatch) -> dict[str, str]:
    """Filled as the kinds are searched: each kind's name, with the name of the
    thread that searched it."""
    threads = {}
    for name, kind in KINDS.items():

        def search(q, limit, _search=kind.search, _name=name):
            threads[_name] = threading.current_thread().name
            return _search(q, limit)

        monkeypatch.setitem(KINDS, name, dataclasses.replace(kind, search=search))
    return threads


@pytest.mark.django_db(transaction=True)
def test_stories_and_comments_are_searched_beside_the_other_kinds(monkeypatch):
    story = IndexedCaseStoryFactory(title="Mangroves restored")
    CommentFactory(target=story, body="Mangroves protect the shore.")
    EventFactory(title="Mangroves forum")
    threads = _threads_searching(monkeypatch)

    with translation.override("fr"):
        found = search_everything("mangroves")
        labels = {result.kind: result.label for result in found.results}
        expected = {
            "case": translation.gettext("Case story"),
            "comment": translation.gettext("Comment"),
            "event": translation.gettext("Event"),
        }

    assert labels == expected
    assert expected["case"] != "Case story"
    request_thread = threading.current_thread().name
    assert {name for name, thread in threads.items() if thread != request_thread} == {
        "case",
        "comment",
    }
    assert len(threads) == len(KINDS)


@pytest.mark.django_db
def test_inside_a_transaction_every_kind_is_searched_on_its_connection(monkeypatch):
    IndexedCaseStoryFactory(title="Mangroves restored")
    threads = _threads_searching(monkeypatch)

    found = search_everything("mangroves")

    assert [result.kind for result in found.results] == ["case"]
    assert set(threads.values()) == {threading.current_thread().name}


@pytest.mark.django_db(transaction=True)
def test_a_connection_that_failed_beside_is_closed_for_the_next_search(monkeypatch):
    used = []

    def failing(q, limit):
        used.append(connections["default"])  # this thread's
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    monkeypatch.setitem(
        KINDS, "comment", dataclasses.replace(KINDS["comment"], search=failing)
    )

    with pytest.raises(ProgrammingError):
        search_everything("mangroves")

    (beside,) = used
    assert beside is not connections["default"]
    assert beside.connection is None


@pytest.mark.django_db(transaction=True)
def test_the_search_page_searches_beside_in_the_requests_transaction(
    client, monkeypatch
):
    story = IndexedCaseStoryFactory(title="Mangroves restored")
    CommentFactory(target=story, body="Mangroves protect the shore.")
    threads = _threads_searching(monkeypatch)

    response = client.get("/search/?q=mangroves")

    assert response.status_code == 200
    assert "Mangroves restored" in response.text
    request_thread = threading.current_thread().name
    assert {name for name, thread in threads.items() if thread != request_thread} == {
        "case",
        "comment",
    }


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_beside_is_replaced_and_the_search_answers(monkeypatch):
    story = IndexedCaseStoryFactory(title="Mangroves restored")
    CommentFactory(target=story, body="Mangroves protect the shore.")
    assert search_everything("mangroves").counts["comment"] == 1
    # The server ends every other connection, as a restart would.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )

    found = search_everything("mangroves")

    assert found.counts["comment"] == 1
    assert found.counts["case"] == 1
