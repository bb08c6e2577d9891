"""The self-assessment's journey, as its issue has it done: a member, new to it,
assesses their institution in Spanish, reads the radar and the gaps, follows a
recommendation to a story, an institution and a peer strong where the
institution is weak, and turns a gap into a knowledge request in one step. In a
real browser without JavaScript, over the demo (its peers' assessments)."""

import datetime

import pytest
from django.utils import timezone, translation

from assessment import questionnaire
from cases.models import Dimension
from exchanges.models import KnowledgeRequest
from tests import factories

expect = pytest.importorskip("playwright.sync_api").expect

NOTE = "Nos falta un sistema para seguir los resultados de los programas."


def _spanish_member():
    institution = factories.InstitutionFactory(
        name="Instituto Nacional de Prueba", country="PE"
    )
    member = factories.MemberFactory(
        date_joined=timezone.now() - datetime.timedelta(days=30)
    )
    member.profile.institution = institution
    member.profile.preferred_language = "es"
    member.profile.save()
    return member


def _answer(page) -> None:
    """Established everywhere but measuring results, where it is nascent."""
    for statement in questionnaire.current().statements:
        level = 1 if statement.dimension == "measuring-results" else 3
        page.locator(f"input[name='s-{statement.key}'][value='{level}']").check()
    page.locator("[name='note-measuring-results']").fill(NOTE)


def _follow(page, link, heading: str) -> None:
    """Open a recommendation and come back to the result."""
    result = page.url
    link.click()
    expect(page.locator("h1")).to_contain_text(heading)
    page.goto(result)


def test_member_assesses_in_spanish_follows_help_and_asks_for_it(
    new_context, live_site
):
    member = _spanish_member()
    institution = member.profile.institution
    context = new_context(javascript=False, user=member)
    context.add_cookies(
        [{"name": "django_language", "value": "es", "url": live_site.url}]
    )
    page = context.new_page()
    first = questionnaire.current().statements[0]

    page.goto(institution.get_absolute_url())
    page.get_by_role("link", name="Sus autoevaluaciones").click()
    expect(page.locator("h1")).to_have_text(f"Autoevaluaciones de {institution.name}")
    page.get_by_role("link", name="Evalúe su institución").click()
    page.get_by_role("button", name="Empezar o continuar la evaluación").click()
    expect(page.locator("main")).to_contain_text(first.texts["es"])
    _answer(page)
    page.get_by_role("button", name="Enviar la evaluación").click()

    main = page.locator("main")
    with translation.override("es"):
        measuring = str(Dimension.objects.get(slug="measuring-results"))
    expect(page.get_by_role("img", name="Gráfico radial")).to_be_visible()
    expect(main.locator("table")).to_contain_text(measuring)
    expect(main).to_contain_text(f"Carencias (menos de 2,5): {measuring}.")
    expect(main).to_contain_text(NOTE)

    helpers = page.locator("section[aria-labelledby='help-heading'] ul").first
    story = helpers.locator("li", has_text="Historia de caso:").locator("a").first
    _follow(page, story, story.inner_text())
    author = helpers.locator("li", has_text="Comparte historias de caso sobre ello")
    author = author.locator("a").first
    _follow(page, author, author.inner_text())
    # FOSIS chose to show its assessments to everyone: it is named as strong here.
    peer = helpers.locator("a[href='/institutions/fosis/assessments/']")
    _follow(page, peer, "Autoevaluaciones de Solidarity and Social Investment Fund")

    page.get_by_role("link", name="Pedir ayuda sobre esto").first.click()
    expect(page.locator("[name=body]")).to_have_value(NOTE)
    page.locator("[name=modalities][value=virtual]").check()
    page.locator("main form button[type=submit]").click()
    request = KnowledgeRequest.objects.get(contact=member)
    expect(page.locator("h1")).to_have_text(request.title)
    assert measuring in request.title
    assert [d.slug for d in request.dimensions.all()] == ["measuring-results"]
    assert request.languages == ["es"]
    assert request.is_listed
