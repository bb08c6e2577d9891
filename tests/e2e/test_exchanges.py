"""A knowledge request followed to its results: posted, matched with the reasons,
answered, agreed, completed and turned into a case story draft; each side's mail
in its own language. In a real browser without JavaScript, in the three
languages."""

import datetime
import uuid

import pytest
from django.utils import timezone

from cases.models import CaseStory, Dimension
from exchanges.models import Exchange, KnowledgeRequest
from notifications.models import Preference
from tests import factories

expect = pytest.importorskip("playwright.sync_api").expect

# A word of each language's subject of the mails each side receives.
MATCHING = {"en": "request", "es": "solicitud", "fr": "demande"}


def _page(new_context, live_site, user, language):
    context = new_context(javascript=False, user=user)
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_site.url}]
    )
    return context.new_page()


def _member(institution, language):
    joined = timezone.now() - datetime.timedelta(days=30)
    member = factories.MemberFactory(date_joined=joined)
    member.profile.institution = institution
    member.profile.preferred_language = language
    member.profile.save()
    # Matches come in the weekly digest unless the member asks for them at once.
    Preference.objects.create(member=member, kind="matches", frequency="instant")
    return member


def _agree(page, thread_url):
    page.goto(thread_url)
    form = page.locator("main form[action$='/agree/']")
    form.locator("[name=modality]").select_option("virtual")
    form.locator("[name=starts_on]").fill("2099-03-01")
    form.locator("[name=ends_on]").fill("2099-03-05")
    form.locator("button[type=submit]").click()


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_request_matched_answered_agreed_completed_and_told(
    new_context, live_site, mailoutbox, language
):
    tag = uuid.uuid4().hex[:8]
    dimension = Dimension.objects.get(slug="measuring-results")
    seeker = _member(factories.InstitutionFactory(country="PK"), language)
    provider = _member(factories.InstitutionFactory(country="CL"), language)
    offer = factories.KnowledgeOfferFactory(
        institution=provider.profile.institution,
        contact=provider,
        dimensions=[dimension],
        title=f"Monitoring tools that show results {tag}",
    )

    page = _page(new_context, live_site, seeker, language)
    page.goto("/exchange/requests/new/")
    page.locator("[name=title]").fill(f"Learning to monitor results {tag}")
    page.locator("[name=summary]").fill("We want to learn smart monitoring.")
    page.locator("[name=body]").fill("Our programmes need cost-efficient tools.")
    page.locator("[name=needed_by]").fill("2099-12-31")
    page.locator(f"[name=dimensions][value='{dimension.pk}']").check()
    page.locator("[name=languages][value=en]").check()
    page.locator("[name=modalities][value=virtual]").check()
    page.locator("main form button[type=submit]").click()
    request = KnowledgeRequest.objects.get(title__endswith=tag)
    expect(page.locator("h1")).to_have_text(request.title)
    expect(page.locator("main")).to_contain_text(offer.title)
    told = [m for m in mailoutbox if provider.email in m.to]
    assert len(told) == 1
    assert MATCHING[language] in told[0].subject.lower()

    helper = _page(new_context, live_site, provider, language)
    helper.goto(request.get_absolute_url())
    helper.locator("main form[action$='/help/'] textarea").fill("We did this.")
    helper.locator("main form[action$='/help/'] button").click()
    thread_url = helper.url
    assert "/exchange/threads/" in thread_url
    assert any(seeker.email in m.to for m in mailoutbox)

    _agree(helper, thread_url)
    _agree(page, thread_url)
    exchange = Exchange.objects.get(thread__request=request)
    assert page.url.endswith(exchange.get_absolute_url())
    page.locator("main button[value=completed]").click()
    page.locator("main form[action$='/results/'] textarea").fill("A new M&E unit.")
    page.locator("main form[action$='/results/'] button").click()
    page.locator("main form[action$='/story/'] button").click()
    exchange.refresh_from_db()
    assert exchange.status == "completed"
    story = CaseStory.objects.get(pk=exchange.case_story_id)
    assert story.status == "draft"
    assert page.url.endswith(f"/cases/{story.slug}/edit/")
    agreed = [m for m in mailoutbox if m.to == [seeker.email]]
    assert len(agreed) >= 2  # the interest, the agreement


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_assessment_gap_becomes_a_request_in_one_step(new_context, live_site, language):
    from assessment.models import Assessment
    from members.models import Institution

    institution = Institution.objects.get(slug="ksp")
    result = (
        Assessment.objects.submitted()
        .filter(institution=institution)
        .order_by("-submitted_at")
        .first()
    )
    member = _member(institution, language)
    page = _page(new_context, live_site, member, language)
    page.goto(result.get_absolute_url())
    page.locator("main a.button[href*='/exchange/requests/new/']").first.click()
    page.locator("[name=modalities][value=virtual]").check()
    page.locator("main form button[type=submit]").click()
    request = KnowledgeRequest.objects.get(contact=member)
    expect(page.locator("h1")).to_have_text(request.title)
    assert request.dimensions.count() == 1
    assert request.languages == [language]
    assert request.is_listed


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_request_of_an_unverified_institution_waits_for_the_desk(
    new_context, live_site, mailoutbox, language
):
    from members.models import User

    tag = uuid.uuid4().hex[:8]
    dimension = Dimension.objects.get(slug="sharing-modalities")
    newcomer = _member(factories.InstitutionFactory(verified=False), language)
    provider = _member(factories.InstitutionFactory(), language)
    factories.KnowledgeOfferFactory(
        institution=provider.profile.institution,
        contact=provider,
        dimensions=[dimension],
    )
    page = _page(new_context, live_site, newcomer, language)
    page.goto("/exchange/requests/new/")
    page.locator("[name=title]").fill(f"A regional meeting {tag}")
    page.locator("[name=summary]").fill("We hope to organise a regional meeting.")
    page.locator("[name=body]").fill("Who could help us prepare it?")
    page.locator(f"[name=dimensions][value='{dimension.pk}']").check()
    page.locator("[name=modalities][value=peer_workshop]").check()
    page.locator("main form button[type=submit]").click()
    request = KnowledgeRequest.objects.get(title__endswith=tag)
    assert request.awaiting_review
    expect(page.locator("header .badge-warn")).to_be_visible()
    assert not [m for m in mailoutbox if provider.email in m.to]
    visitor = _page(new_context, live_site, None, language)
    assert visitor.goto(request.get_absolute_url()).status == 404

    moderator = User.objects.get(email="moderator@kshub.example")
    desk = _page(new_context, live_site, moderator, language)
    desk.goto("/moderation/exchanges/")
    card = desk.locator("li.card", has_text=request.title)
    card.locator("form[action$='/approve/'] button").click()
    request.refresh_from_db()
    assert request.is_listed
    assert visitor.goto(request.get_absolute_url()).status == 200
    assert [m for m in mailoutbox if provider.email in m.to]
