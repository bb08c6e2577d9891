"""A generated library for the plan tests: a few thousand rows with fresh statistics
make the planner's choices meaningful, where on a handful of rows a sequential scan
is rightly cheapest. Made once per test module, in a transaction rolled back after
it."""

import pytest
from django.db import transaction

from tests.bench import load_data


def generate_library(*, stories: int, institutions: int, events: int) -> None:
    load_data.generate(
        load_data.Counts(
            stories=stories,
            institutions=institutions,
            members=50,
            comments=load_data.HOT_STORY_COMMENTS,
            events=events,
            sessions=load_data.PROGRAMME_SESSIONS,
        ),
        vacuum=False,
        log=lambda message: None,
    )


def module_library(fill):
    """A module-scoped ``library`` fixture: ``fill()`` once, rolled back after."""

    @pytest.fixture(scope="module")
    def library(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            fill()
            yield
            transaction.set_rollback(True)

    return library
