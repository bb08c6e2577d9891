"""Every figure of /impact/ and of an institution's report, against a count done
another way: walking the objects in Python."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import CaseStory
from exchanges.models import Exchange
from impact import figures
from impact.models import Adoption
from impact.reports import institution_report
from members.models import Institution
from tests import factories

pytestmark = pytest.mark.django_db


def at(year: int) -> datetime.datetime:
    return datetime.datetime(year, 6, 1, tzinfo=datetime.UTC)


@pytest.fixture
def community():
    korea = factories.InstitutionFactory(country="KR", slug="kdi")
    chile = factories.InstitutionFactory(country="CL", slug="chile")
    mexico = factories.InstitutionFactory(country="MX", slug="mexico")
    nigeria = factories.InstitutionFactory(country="NG", slug="nigeria")
    factories.InstitutionFactory(country="BR", verified=False)
    dimension = factories.DimensionFactory()
    stories = [
        factories.CaseStoryFactory(
            lead_institution=korea,
            countries=["KR", "CL"],
            published_at=at(2024),
            view_count=40,
            dimensions=[dimension],
        ),
        factories.CaseStoryFactory(
            lead_institution=chile,
            countries=["CL"],
            published_at=at(2025),
            view_count=7,
        ),
        factories.CaseStoryFactory(lead_institution=korea, countries=["NG"]),
    ]
    factories.DraftCaseStoryFactory(lead_institution=korea, view_count=999)
    factories.CaseStoryFactory(lead_institution=korea, status="archived")
    for story, institution, status in (
        (stories[0], mexico, "visible"),
        (stories[0], chile, "visible"),
        (stories[0], nigeria, "hidden"),
        (stories[1], mexico, "withdrawn"),
        (stories[1], nigeria, "visible"),
    ):
        factories.AdoptionFactory(
            case_story=story, institution=institution, status=status
        )
    factories.completed_exchange(
        provider=korea, recipient=mexico, completed_at=at(2024)
    )
    factories.completed_exchange(
        provider=korea, recipient=nigeria, modality="study_visit", completed_at=at(2025)
    )
    factories.completed_exchange(provider=chile, recipient=korea, completed_at=at(2025))
    unfinished = factories.completed_exchange(provider=mexico, recipient=chile)
    Exchange.objects.filter(pk=unfinished.pk).update(status="agreed", completed_at=None)
    return {"korea": korea, "stories": stories}


def test_totals_match_a_count_of_the_objects(community):
    data = figures.community()
    published = [s for s in CaseStory.objects.all() if s.status == "published"]
    shown = [
        a
        for a in Adoption.objects.all()
        if a.status == "visible" and a.case_story.status == "published"
    ]
    verified = [i for i in Institution.objects.all() if i.verified]

    assert data["totals"] == {
        "members": sum(u.is_active for u in get_user_model().objects.all()),
        "institutions": len(verified),
        "countries": len({i.country for i in verified if i.country}),
        "stories": len(published),
        "exchanges": sum(e.status == "completed" for e in Exchange.objects.all()),
        "adoptions": len(shown),
    }
    assert data["totals"]["adoptions"] == 3
    assert data["totals"]["exchanges"] == 3


def test_per_year_series_sum_to_the_totals(community):
    data = figures.community()

    for key in ("stories", "exchanges", "adoptions", "institutions", "countries"):
        assert sum(data["series"][key].values()) == data["totals"][key], key
    assert data["series"]["stories"][2024] == 1
    assert data["series"]["exchanges"] == {2024: 1, 2025: 2}


def test_stories_per_dimension_and_region(community):
    data = figures.community()
    per_dimension = {row["slug"]: row["count"] for row in data["dimensions"]}
    per_region = {row["slug"]: row["count"] for row in data["regions"]}

    assert per_dimension["measuring-results"] == 1
    assert sum(per_dimension.values()) == 1
    # The first story is in Korea and Chile: once in each region, never twice.
    assert per_region["east-asia-pacific"] == 1
    assert per_region["latin-america-caribbean"] == 2
    assert per_region["africa"] == 1


def test_exchanges_per_modality_and_top_stories(community):
    data = figures.community()

    assert data["modalities"] == {"virtual": 2, "study_visit": 1}
    assert [row["count"] for row in data["most_read"]] == [40, 7]
    assert [(row["slug"], row["count"]) for row in data["most_adapted"]] == [
        (community["stories"][0].slug, 2),
        (community["stories"][1].slug, 1),
    ]


def test_flows_join_exchanges_and_adoptions(community):
    flows = figures.flows()
    pairs = {(row["from"], row["to"]): row for row in flows["flows"]}

    expected = {
        ("KR", "MX"): (1, 1),  # an exchange, and an adoption of a Korean story
        ("KR", "CL"): (0, 1),
        ("KR", "NG"): (1, 0),  # the Nigerian adoption of the Korean story is hidden
        ("CL", "KR"): (1, 0),
        ("CL", "NG"): (0, 1),
    }
    assert {
        key: (row["exchanges"], row["adoptions"]) for key, row in pairs.items()
    } == (expected)
    assert flows["countries"]["KR"] == {"shared": 4, "received": 1}


def test_flow_filters(community):
    assert {(r["from"], r["to"]) for r in figures.flows(year=2024)["flows"]} == {
        ("KR", "MX")
    } | {
        (a.case_story.lead_institution.country, a.institution.country)
        for a in Adoption.objects.shown().filter(created_at__year=2024)
    } - {("KR", "KR")}
    by_dimension = figures.flows(dimension="measuring-results")["flows"]
    assert {(r["from"], r["to"]) for r in by_dimension} == {("KR", "MX"), ("KR", "CL")}
    africa = figures.flows(region="africa")["flows"]
    assert {(r["from"], r["to"]) for r in africa} == {("KR", "NG"), ("CL", "NG")}


def test_institution_report_matches_a_count_of_the_objects(community):
    korea = community["korea"]
    report = institution_report(korea)
    own = [s for s in community["stories"] if s.lead_institution == korea]

    assert report["totals"]["stories"] == len(own) == 2
    assert report["totals"]["views"] == sum(s.view_count for s in own)
    assert report["totals"]["adoptions"] == 2  # Mexico and Chile; Nigeria's hidden
    assert report["totals"]["given"] == 2
    assert report["totals"]["received"] == 1
    assert report["countries"] == ["CL", "MX", "NG"]
    assert {
        row["slug"]: (row["given"], row["received"]) for row in report["partners"]
    } == {
        "mexico": (1, 0),
        "nigeria": (1, 0),
        "chile": (0, 1),
    }


def test_figures_are_recomputed_after_a_change(community, django_assert_num_queries):
    before = figures.community()["totals"]["adoptions"]
    with django_assert_num_queries(0):
        figures.community()
    factories.AdoptionFactory(case_story=community["stories"][2])

    assert figures.community()["totals"]["adoptions"] == before + 1


def test_a_deleted_member_leaves_no_name(community):
    adoption = Adoption.objects.shown().first()
    name = adoption.author.username
    adoption.author.delete()

    assert name not in repr(figures.community())
    assert Adoption.objects.shown().count() == 3
    assert timezone.now()


def test_institution_report_counts_the_stories_it_partnered(community):
    korea = community["korea"]
    partnered = factories.CaseStoryFactory(published_at=at(2023), view_count=5)
    partnered.partner_institutions.add(korea)
    draft = factories.DraftCaseStoryFactory()
    draft.partner_institutions.add(korea)
    factories.AdoptionFactory(case_story=partnered)
    factories.AdoptionFactory(case_story=draft)

    report = institution_report(korea)

    assert report["totals"]["stories"] == 3
    assert partnered.slug in {row["slug"] for row in report["stories"]}
    assert draft.slug not in {row["slug"] for row in report["stories"]}
    assert report["series"]["stories"][2023] == 1
    assert report["totals"]["adoptions"] == 3


def test_flows_between_countries_sum_the_flows_between_institutions(community):
    completed = Exchange.objects.completed()
    per_country: dict = {}
    for row in completed.flows():
        pair = (row["provider_country"], row["recipient_country"])
        per_country[pair] = per_country.get(pair, 0) + row["count"]

    assert {
        (row["provider_country"], row["recipient_country"]): row["count"]
        for row in completed.flows_between_countries()
    } == per_country
