import csv
import gzip
import io

import pytest
from django.core.cache import cache

from impact.models import Adoption
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def flows_world(story, adopter):
    factories.AdoptionFactory(
        case_story=story, institution=adopter.profile.institution, author=adopter
    )
    factories.completed_exchange(
        provider=story.lead_institution,
        recipient=factories.InstitutionFactory(country="CL", slug="chile-agency"),
    )
    return story


def test_impact_page_draws_charts_and_the_map_with_tables(client, flows_world):
    response = client.get("/impact/")
    html = response.content.decode()

    # The charts are in the page's main content (the header draws the logo).
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert response.status_code == 200
    assert main.count("<svg") >= 9
    assert main.count("<title id=") == main.count("<svg")
    assert main.count("<desc id=") == main.count("<svg")
    assert "impact/world.svg" in html
    assert "<script" not in html
    # The map's flows, in its table: Korea to Mexico (adoption), to Chile (exchange).
    for country in ("South Korea", "Mexico", "Chile"):
        assert country in html
    assert len(gzip.compress(response.content)) <= 60 * 1024


def test_impact_page_queries_are_bounded_and_cached(
    client, flows_world, django_assert_max_num_queries, django_assert_num_queries
):
    with django_assert_max_num_queries(16):
        client.get("/impact/")
    for _n in range(5):
        factories.AdoptionFactory(case_story=factories.CaseStoryFactory())
    cache.clear()
    with django_assert_max_num_queries(16):
        client.get("/impact/")
    with django_assert_num_queries(0):
        assert client.get("/impact/")["X-Cache"] == "hit"


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999999999999999999",
        "year=%C2%B2",
        "dimension=%00",
        "dimension=" + "x" * 500,
        "region=mars",
        "region[]=x&year=-1",
    ],
)
def test_flow_filters_ignore_bad_values(client, flows_world, query):
    response = client.get(f"/impact/flows/?{query}")

    assert response.status_code == 200
    assert response.context["active"] == {}


def test_flow_filters_narrow_the_table(client, flows_world):
    response = client.get("/impact/flows/?region=latin-america-caribbean")
    rows = {(row["from"], row["to"]) for row in response.context["flows"]}

    assert rows == {("KR", "MX"), ("KR", "CL")}
    response = client.get("/impact/flows/?dimension=measuring-results")
    assert response.context["flows"] == []


def test_csv_has_every_figure(client, flows_world):
    response = client.get("/impact/data.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))

    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == ["chart", "key", "detail", "value"]
    assert ["totals", "adoptions", "", "1"] in rows
    assert ["flow", "KR>MX", "exchanges=0 adoptions=1", "1"] in rows
    assert ["flow", "KR>CL", "exchanges=1 adoptions=0", "1"] in rows


def test_hidden_withdrawn_and_deleted_never_appear(client, flows_world, adopter):
    Adoption.objects.update(status="hidden")
    html = client.get("/impact/").content.decode()
    rows = client.get("/impact/data.csv").content.decode()

    assert ["totals", "adoptions", "", "0"] in list(csv.reader(io.StringIO(rows)))
    assert "KR>MX" not in rows
    assert adopter.username not in html + rows


def test_institution_report_is_printable(client, flows_world):
    slug = flows_world.lead_institution.slug
    response = client.get(f"/institutions/{slug}/impact/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "impact.css" in html
    assert "mexico-agency" in html
    assert "chile-agency" in html
    assert response.context["totals"]["adoptions"] == 1
    assert response.context["totals"]["given"] == 1


def test_institution_report_of_an_unverified_institution_is_not_found(client):
    institution = factories.InstitutionFactory(verified=False)

    assert client.get(f"/institutions/{institution.slug}/impact/").status_code == 404


def test_member_marks_a_story_adapted_and_the_count_changes(client, story, adopter):
    client.force_login(adopter)
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Not adapted yet" in page
    assert f"/impact/adapt/{story.slug}/" in page
    before = client.get("/impact/").context["totals"]

    response = client.post(f"/impact/adapt/{story.slug}/", {"note": "We took *it*."})

    assert response.status_code == 302
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Adapted by 1 institution in 1 country" in page
    assert "<em>it</em>" in page
    assert f"/impact/adapt/{story.slug}/" not in page
    after = dict(client.get("/impact/").context["totals"])
    assert after[next(k for k in after if "Adoptions" in str(k))] == 1
    assert before != list(after.items())
    institution_page = client.get(adopter.profile.institution.get_absolute_url())
    assert story.title in institution_page.content.decode()


def test_adoption_form_rejects_an_empty_note(client, story, adopter):
    client.force_login(adopter)

    response = client.post(f"/impact/adapt/{story.slug}/", {"note": ""})

    assert response.status_code == 400
    assert not Adoption.objects.exists()


def test_author_edits_and_withdraws(client, story, adopter):
    adoption = factories.AdoptionFactory(
        case_story=story, institution=adopter.profile.institution, author=adopter
    )
    client.force_login(adopter)

    client.post(f"/impact/adoptions/{adoption.pk}/edit/", {"note": "Better."})
    adoption.refresh_from_db()
    assert adoption.note == "Better."
    client.post(f"/impact/adoptions/{adoption.pk}/withdraw/")
    adoption.refresh_from_db()
    assert adoption.status == "withdrawn"
    assert "Not adapted yet" in client.get(story.get_absolute_url()).content.decode()


def test_moderator_hides_an_adoption(client, story, moderator):
    adoption = factories.AdoptionFactory(case_story=story)
    client.force_login(moderator)

    client.post(f"/impact/adoptions/{adoption.pk}/hide/", {"reason": "Spam"})

    adoption.refresh_from_db()
    assert adoption.status == "hidden"
    client.logout()
    assert "Not adapted yet" in client.get(story.get_absolute_url()).content.decode()


def test_me_lists_the_members_own_adoptions_but_not_withdrawn_ones(
    client, story, adopter
):
    client.force_login(adopter)
    client.post(f"/impact/adapt/{story.slug}/", {"note": "We took it."})
    adoption = Adoption.objects.get()
    page = client.get("/me/").content.decode()
    assert "Stories you adapted" in page
    assert story.title in page
    assert f"/impact/adoptions/{adoption.pk}/edit/" in page
    client.post(f"/impact/adoptions/{adoption.pk}/withdraw/")
    page = client.get("/me/").content.decode()
    assert f"/impact/adoptions/{adoption.pk}/edit/" not in page
    assert "You have not marked a story adapted yet." in page
