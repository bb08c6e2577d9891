from io import StringIO

import pytest
from django.core.management import call_command

from demo.loading import read_data
from exchanges.models import Exchange
from impact import figures
from impact.models import Adoption

pytestmark = pytest.mark.django_db


def test_demo_adoptions_and_exchanges_flow_among_the_seed_countries():
    call_command("load_demo", stdout=StringIO())
    data = read_data("impact")

    assert Adoption.objects.shown().count() == len(data["adoptions"])
    for spec in data["adoptions"]:
        adoption = Adoption.objects.get(
            case_story__slug=spec["story"], institution__slug=spec["institution"]
        )
        assert adoption.note.startswith("*Illustration.*")
    for spec in data["exchanges"]:
        exchange = Exchange.objects.completed().get(slug=spec["slug"])
        assert exchange.title.startswith("Illustration:")
        assert exchange.offer or exchange.case_story  # traceable to where it began
    seed = {"KR", "CL", "MX", "CO", "NG", "ID", "IN", "BR", "CN", "ZA"}
    flows = figures.flows()["flows"]
    assert len(flows) >= 10
    assert {row["from"] for row in flows} | {row["to"] for row in flows} <= seed

    call_command("load_demo", stdout=StringIO())
    assert Adoption.objects.count() == len(data["adoptions"])
