import datetime
import html
import re

import pytest
from django.utils import timezone

from assessment import questionnaire
from assessment.models import Assessment
from exchanges.models import KnowledgeRequest
from members.services import export_member_data
from tests import factories

pytestmark = pytest.mark.django_db


def form_data(level: int = 3, **overrides) -> dict:
    data = {f"s-{item.key}": level for item in questionnaire.current().statements}
    data["visibility"] = "private"
    data.update(overrides)
    return data


@pytest.fixture
def draft(member_of):
    return factories.AssessmentFactory(
        institution=member_of.profile.institution, filled_by=member_of
    )


def test_index_shows_the_instrument(client):
    response = client.get("/assessment/")
    assert response.status_code == 200
    assert "Measuring results" in response.text
    assert "Our knowledge-sharing work has indicators and targets." in response.text


def test_index_in_spanish(client):
    response = client.get("/assessment/", headers={"accept-language": "es"})
    assert "Incipiente" in response.text
    assert "Nuestro trabajo de intercambio de conocimiento" in response.text


def test_start_opens_the_draft(client, member_of):
    client.force_login(member_of)
    response = client.post("/assessment/start/")
    assessment = Assessment.objects.get()
    assert response.url == f"/assessment/{assessment.pk}/"
    assert client.get(response.url).status_code == 200


def test_start_without_institution_explains(member_client):
    response = member_client.post("/assessment/start/", follow=True)
    assert "Name your institution on your profile first." in response.text
    assert not Assessment.objects.exists()


def test_save_draft_then_submit(client, member_of, draft):
    client.force_login(member_of)
    response = client.post(draft.get_absolute_url(), form_data(action="draft"))
    assert response.status_code == 302
    assert draft.answers.count() == 30
    response = client.post(draft.get_absolute_url(), form_data(action="submit"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"
    page = client.get(draft.get_absolute_url())
    assert "<svg" in page.text
    assert "Strengths (3 or more):" in page.text


def test_failed_submit_keeps_the_draft_and_marks_the_missing(client, member_of, draft):
    client.force_login(member_of)
    data = form_data(2, action="submit")
    del data["s-technology-reach"]
    response = client.post(draft.get_absolute_url(), data)
    assert response.status_code == 400
    assert "Choose a level before submitting." in response.text
    draft.refresh_from_db()
    assert draft.is_draft
    assert draft.answers.count() == 29


def test_out_of_range_level_is_a_form_error(client, member_of, draft):
    client.force_login(member_of)
    response = client.post(
        draft.get_absolute_url(), form_data(**{"s-culture-vision": 9})
    )
    assert response.status_code == 400
    assert "Choose one of the four levels." in response.text
    assert draft.answers.count() == 0


def test_moderator_reads_a_draft_without_editing(moderator_client, draft):
    response = moderator_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Submit the assessment" not in response.text
    moderator_client.post(draft.get_absolute_url(), form_data(action="submit"))
    draft.refresh_from_db()
    assert draft.is_draft


def test_private_result_hidden_from_others(client, member, institution):
    assessment = factories.submitted_assessment(institution=institution)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(assessment.get_absolute_url()).status_code == 404
    assert client.get(f"/assessment/{assessment.pk}/results.csv").status_code == 404


def test_result_shows_change_since_previous(client, member_of, institution):
    earlier = timezone.now() - datetime.timedelta(days=400)
    factories.submitted_assessment(
        institution=institution, score=1.0, submitted_at=earlier
    )
    latest = factories.submitted_assessment(institution=institution, score=2.0)
    client.force_login(member_of)
    response = client.get(latest.get_absolute_url())
    assert "+1.00" in response.text
    assert 'class="previous"' in response.text
    assert len(response.content) < 40_000


def test_result_recommends_stories_and_strong_peers(client, member_of, institution):
    dimension = factories.DimensionFactory()
    story = factories.CaseStoryFactory(dimensions=[dimension])
    peer = factories.InstitutionFactory(name="A strong peer")
    factories.submitted_assessment(institution=peer, score=3.5, visibility="members")
    hidden = factories.InstitutionFactory(name="A private peer")
    factories.submitted_assessment(institution=hidden, score=3.5)
    mine = factories.submitted_assessment(
        institution=institution, score=3.0, scores={"measuring-results": 1.5}
    )
    client.force_login(member_of)
    response = client.get(mine.get_absolute_url())
    assert "Gaps (below 2.5): Measuring results." in response.text
    assert story.get_absolute_url() in response.text
    assert story.lead_institution.name in response.text
    assert "A strong peer" in response.text
    assert "A private peer" not in response.text


def test_medians_need_five_institutions(client, member_of, institution):
    mine = factories.submitted_assessment(institution=institution, score=1.0)
    for _ in range(3):
        factories.submitted_assessment(score=3.0)
    client.force_login(member_of)
    assert "1.50" not in client.get(mine.get_absolute_url()).text
    factories.submitted_assessment(score=2.0)
    # Five institutions: 1, 2, 3, 3, 3 -> median 3 on every dimension.
    text = client.get("/assessment/benchmark/").text
    assert "3.00" in text


def test_benchmark_hides_small_groups(client):
    for _ in range(4):
        factories.submitted_assessment(score=2.5)
    response = client.get("/assessment/benchmark/")
    assert response.status_code == 200
    assert "2.50" not in response.text


def test_benchmark_counts_each_institution_once(client):
    institution = factories.InstitutionFactory()
    earlier = timezone.now() - datetime.timedelta(days=30)
    for _ in range(4):
        factories.submitted_assessment(
            institution=institution, score=1.0, submitted_at=earlier
        )
    factories.submitted_assessment(institution=institution, score=4.0)
    assert "4.00" not in client.get("/assessment/benchmark/").text


def test_benchmark_by_region(client):
    for country in ("KR", "JP", "CN", "ID", "PH"):
        factories.submitted_assessment(
            institution=factories.InstitutionFactory(country=country), score=3.25
        )
    text = client.get("/assessment/benchmark/").text
    assert text.count("3.25") >= 30  # all, kind, region for ten dimensions


def test_institution_page_shows_only_what_is_visible(client, institution):
    factories.submitted_assessment(institution=institution, visibility="public")
    factories.submitted_assessment(institution=institution, visibility="private")
    response = client.get(f"/institutions/{institution.slug}/assessments/")
    assert response.status_code == 200
    assert response.text.count("Submitted on") == 1


def test_institution_page_queries_are_bounded(
    client, member_of, institution, django_assert_num_queries
):
    for _ in range(6):
        factories.submitted_assessment(institution=institution, visibility="public")
    factories.AssessmentFactory(institution=institution)
    client.force_login(member_of)
    with django_assert_num_queries(7):
        response = client.get(f"/institutions/{institution.slug}/assessments/")
    assert response.status_code == 200


def test_members_institution_page_still_answers(client, institution):
    assert client.get(f"/institutions/{institution.slug}/").status_code == 200


def test_export_csv_for_members_of_the_institution(client, member_of, institution):
    assessment = factories.submitted_assessment(institution=institution, score=2.5)
    client.force_login(member_of)
    response = client.get(f"/assessment/{assessment.pk}/results.csv")
    assert response.status_code == 200
    assert "measuring-results,2.50" in response.content.decode()


def test_member_export_includes_filled_assessments(client, member_of, draft):
    client.force_login(member_of)
    client.post(
        draft.get_absolute_url(),
        form_data(action="draft", **{"note-measuring-results": "Our note"}),
    )
    data = export_member_data(user=member_of)
    [exported] = data["assessments"]
    assert exported["answers"]["measuring-indicators"] == 3
    assert exported["dimensions"]["measuring-results"]["note"] == "Our note"


def test_a_member_assesses_in_spanish_and_follows_a_recommendation(
    client, member_of, institution
):
    """The journey of the issue, without a browser: in Spanish, start, answer,
    submit, read the radar and the gaps, reach a story and an institution."""
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)
    story = factories.CaseStoryFactory(dimensions=[factories.DimensionFactory()])
    client.force_login(member_of)
    client.cookies["django_language"] = "es"
    start = client.post("/assessment/start/")
    draft_page = client.get(start.url)
    assert "Enviar la evaluación" in draft_page.text
    assert "Nuestro trabajo de intercambio de conocimiento" in draft_page.text
    data = form_data(3, action="submit")
    for key in ("measuring-indicators", "measuring-follow", "measuring-use"):
        data[f"s-{key}"] = 1
    result = client.get(client.post(start.url, data).url)
    assert "Carencias (menos de 2,5):" in result.text
    assert 'role="img"' in result.text
    assert story.get_absolute_url() in result.text
    assert story.lead_institution.get_absolute_url() in result.text


def test_benchmark_queries_are_bounded(client, django_assert_num_queries):
    for _ in range(6):
        factories.submitted_assessment(score=2.0)
    with django_assert_num_queries(4):
        assert client.get("/assessment/benchmark/").status_code == 200


def test_result_page_queries_are_bounded(
    client, member_of, institution, django_assert_num_queries
):
    for _ in range(5):
        peer = factories.InstitutionFactory()
        factories.CaseStoryFactory(
            lead_institution=peer, dimensions=[factories.DimensionFactory()]
        )
        factories.submitted_assessment(institution=peer, score=3.5)
    mine = factories.submitted_assessment(institution=institution, score=1.0)
    client.force_login(member_of)
    client.get(mine.get_absolute_url())
    # One more per gap shown (at most three): its open offers.
    with django_assert_num_queries(21):
        response = client.get(mine.get_absolute_url())
    assert response.status_code == 200


def test_result_lists_open_offers_and_asks_for_help_on_each_gap(
    client, member_of, institution, member
):
    dimension = factories.DimensionFactory()
    provider = factories.InstitutionFactory(name="A sharing agency")
    offer = factories.KnowledgeOfferFactory(
        institution=provider, dimensions=[dimension], title="Our M&E toolkit"
    )
    factories.KnowledgeOfferFactory(
        institution=provider, dimensions=[dimension], hidden=True, title="Hidden"
    )
    mine = factories.submitted_assessment(
        institution=institution, score=3.0, scores={dimension.slug: 1.5}
    )
    mine.results.filter(dimension=dimension).update(note="We lack <indicators>.")
    client.force_login(member_of)
    page = client.get(mine.get_absolute_url()).text
    assert offer.get_absolute_url() in page
    assert "Hidden" not in page
    assert "Ask for help on this" in page
    ask = re.search(r'href="(/exchange/requests/new/\?[^"]+)"', page).group(1)
    form = client.get(html.unescape(ask))
    assert form.status_code == 200
    assert form.context["form"]["dimensions"].initial == [dimension.pk]
    assert form.context["form"]["body"].initial == "We lack <indicators>."
    assert "gap in" in form.context["form"]["summary"].initial
    # One step: tick how to work together, and the request is published.
    data = {**form.context["form"].initial, "modalities": ["virtual"]}
    posted = client.post("/exchange/requests/new/", data)
    assert posted.status_code == 302
    request = KnowledgeRequest.objects.get()
    assert list(request.dimensions.all()) == [dimension]
    assert request.body == "We lack <indicators>."
    assert str(dimension) in form.context["form"]["title"].initial
    mine.visibility = "members"
    mine.save()
    client.force_login(member)
    assert "Ask for help on this" not in client.get(mine.get_absolute_url()).text
