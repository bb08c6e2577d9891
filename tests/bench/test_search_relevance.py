"""The judged search queries over the demo: the means printed, and a floor kept."""

from io import StringIO

import pytest
from django.core.management import call_command

from .search_relevance import run, table

pytestmark = pytest.mark.django_db


def test_search_relevance_over_the_demo(capsys):
    call_command("load_demo", stdout=StringIO())
    call_command("refresh_search_lexicon", stdout=StringIO())
    scores = run()
    with capsys.disabled():
        print("\n" + table(scores))  # noqa: T201 — the report
    assert len(scores) >= 40
    assert sum(score.ndcg for score in scores) / len(scores) >= 0.9
