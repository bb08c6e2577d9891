"""The demo's self-assessments over the whole demo: the benchmark's medians,
progress on a public profile, private results kept private, and recommendations
under the gaps of the demo member's institution. Without the demo's assessments
every test here fails."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from assessment.models import Assessment
from cases.models import CaseStory
from exchanges.models import KnowledgeOffer
from members.models import Institution, User
from tests.shared_demo import demo_for_a_group

pytestmark = pytest.mark.django_db


class _Tables(HTMLParser):
    """The text of every cell of every table, row by row."""

    def __init__(self, text: str):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def tables(text: str) -> list[list[list[str]]]:
    return _Tables(text).tables


def column(table: list[list[str]], heading: str) -> list[str]:
    """The cells under a heading, one per dimension."""
    index = table[0].index(heading)
    return [row[index] for row in table[1:]]


FIGURE = re.compile(r"^\d\.\d\d$")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with demo_for_a_group(django_db_blocker):
        yield


def test_demo_benchmark_shows_medians_overall_by_kind_and_region(client, demo):
    page = client.get("/assessment/benchmark/")
    by_kind, by_region = tables(page.text)
    government = str(Institution.Kind.GOVERNMENT.label)
    for figures in (
        column(by_kind, "All"),
        column(by_kind, government),
        column(by_region, "East Asia and Pacific"),
    ):
        assert len(figures) == 10
        assert all(FIGURE.match(figure) for figure in figures), figures
    # Two institutions of Latin America assessed: too few for a figure there.
    assert set(column(by_region, "Latin America and the Caribbean")) == {"—"}


def test_demo_assessments_are_answered_by_members_of_their_institution(demo):
    submitted = Assessment.objects.submitted().select_related("filled_by__profile")
    assert submitted.values("institution").distinct().count() >= 6
    for assessment in submitted:
        member = assessment.filled_by
        assert member.profile.institution_id == assessment.institution_id
        assert member.date_joined < assessment.submitted_at < timezone.now()
    visibility = {
        slug: set(
            submitted.filter(institution__slug=slug).values_list(
                "visibility", flat=True
            )
        )
        for slug in ("fosis", "dane", "lamata", "ksp")
    }
    assert visibility == {
        "fosis": {"public"},
        "dane": {"members"},
        "lamata": {"private"},
        "ksp": {"private"},
    }
    assert Assessment.objects.drafts().get().institution.slug == "ksp"


def test_demo_public_institution_shows_its_progress_to_a_visitor(client, demo):
    page = client.get("/institutions/fosis/assessments/")
    assert page.text.count("Submitted on") == 2
    (over_time,) = tables(page.text)
    measuring = next(row for row in over_time if row[0] == "Measuring results")
    assert measuring[1:] == ["3.67", "3.00"]  # newest first

    latest = Assessment.objects.submitted().filter(institution__slug="fosis").first()
    result = client.get(latest.get_absolute_url())
    (scores,) = tables(result.text)
    assert scores[0][2:5] == ["Score", "Previous", "Change"]
    measuring = next(row for row in scores if row[1] == "Measuring results")
    assert measuring[2:5] == ["3.67", "3.00", "+0.67"]
    assert 'class="previous"' in result.text  # the earlier one on the radar


def _hidden_from(client, assessment: Assessment) -> None:
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert client.get(f"/assessment/{assessment.pk}/results.csv").status_code == 404
    listing = client.get(f"/institutions/{assessment.institution.slug}/assessments/")
    assert "No assessment you may see." in listing.text
    assert assessment.get_absolute_url() not in listing.text


def test_demo_private_results_stay_with_their_institution(client, demo):
    private = Assessment.objects.submitted().get(institution__slug="lamata")
    for_members = Assessment.objects.submitted().filter(institution__slug="dane")
    _hidden_from(client, private)
    for assessment in for_members:
        assert client.get(assessment.get_absolute_url()).status_code == 404
    client.force_login(User.objects.get(username="demo-member"))  # of KSP
    _hidden_from(client, private)
    for assessment in for_members:
        assert client.get(assessment.get_absolute_url()).status_code == 200
    client.force_login(private.filled_by)
    assert client.get(private.get_absolute_url()).status_code == 200


def test_demo_gaps_recommend_stories_peers_and_offers(client, demo):
    client.force_login(User.objects.get(username="demo-member"))
    result = Assessment.objects.submitted().get(institution__slug="ksp")
    page = client.get(result.get_absolute_url()).text
    assert "Gaps (below 2.5): Measuring results;" in page
    help_section = page[page.index('id="help-heading"') :]
    measuring = help_section[: help_section.index("Ask for help on this")]
    assert "<h3>Measuring results</h3>" in measuring
    story = CaseStory.objects.get(slug="fosis-monitoring-and-evaluation")
    assert f'href="{story.get_absolute_url()}">{story.title}</a>' in measuring
    offer = KnowledgeOffer.objects.get(slug="fosis-monitoring-and-evaluation")
    assert offer.title in measuring
    # Peers strong where KSP is weak, named only when they chose to show it: FOSIS
    # (public) and DANE (to members); the private ones are not named.
    strong = re.findall(
        r"Assessed itself strong here: <a href=\"/institutions/([\w-]+)/assessments/",
        help_section,
    )
    assert set(strong) == {"fosis", "dane"}
    assert "Ministry of Strategy and Finance" not in page
    assert "dimension=measuring-results" in page
