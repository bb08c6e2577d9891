import io
import json
import re
from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from cases.models import CaseStory, Dimension
from exchanges import services
from exchanges.models import Exchange, KnowledgeOffer, KnowledgeRequest, Thread
from tests import factories
from tests.exchanges.conftest import member_of, offer_data, request_data

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(pair, **changes) -> dict:
    return {
        "title": "Monitoring social programmes",
        "summary": "We want to learn smart monitoring.",
        "body": "Cost-efficient *tools*.",
        "context": "A new programme.",
        "needed_by": "2099-06-30",
        "dimensions": [pair.dimension.pk],
        "tags": "monitoring and evaluation",
        "countries": ["PK"],
        "languages": ["en", "fr"],
        "modalities": ["peer_workshop"],
        "language": "en",
        **changes,
    }


def test_request_form_publishes_for_a_verified_institution(pair):
    response = client_for(pair.seeker).post("/exchange/requests/new/", _form(pair))
    request = KnowledgeRequest.objects.get()
    assert response["Location"] == f"/exchange/requests/{request.slug}/"
    assert request.languages == ["en", "fr"]
    page = Client().get(response["Location"])
    assert page.status_code == 200
    assert b"<em>tools</em>" in page.content


def test_request_form_refuses_a_dimension_that_does_not_exist(pair):
    response = client_for(pair.seeker).post(
        "/exchange/requests/new/", _form(pair, dimensions=["999999"])
    )
    assert response.status_code == 400
    assert "999999" in response.content.decode()
    assert not KnowledgeRequest.objects.exists()


def test_request_form_for_member_without_institution_is_403(pair):
    loner = factories.MemberFactory()
    response = client_for(loner).get("/exchange/offers/new/")
    assert response.status_code == 403
    assert b"Choose your institution" in response.content


def test_offer_form_links_the_institutions_published_stories(pair):
    institution = pair.provider.profile.institution
    story = factories.CaseStoryFactory(lead_institution=institution)
    factories.CaseStoryFactory()  # another institution's: not offered
    client = client_for(pair.provider)
    page = client.get("/exchange/offers/new/")
    assert page.context["form"].fields["case_stories"].queryset.get() == story
    data = _form(pair, capacity="2", case_stories=[story.pk])
    del data["needed_by"], data["context"]
    response = client.post("/exchange/offers/new/", data)
    assert response.status_code == 302, response.content[:2000]
    assert list(KnowledgeOffer.objects.get().case_stories.all()) == [story]


def test_list_shows_requests_and_offers_with_filters_and_counts(pair):
    services.create_request(**request_data(pair))
    services.create_offer(**offer_data(pair))
    other = Dimension.objects.get(slug="learning-culture")
    services.create_offer(
        **offer_data(
            pair, title="Culture", dimensions=[other], modalities=["study_visit"]
        )
    )
    client = Client()

    def listed(address: str) -> list[str]:
        return _listed_titles(client.get(address))

    assert "3 requests and offers" in client.get("/exchange/").text
    assert len(listed("/exchange/?kind=offer")) == 2
    assert listed("/exchange/?modality=study_visit") == ["Culture"]
    assert len(listed("/exchange/?region=south-asia")) == 1
    assert len(listed("/exchange/?country=pk")) == 1
    assert len(listed("/exchange/?language=es")) == 2
    assert len(listed("/exchange/?q=evaluation")) == 3
    dims = client.get("/exchange/?dimension=measuring-results")
    assert len(_listed_titles(dims)) == 2
    kinds = re.search(r"<legend>Kind</legend>(.*?)</fieldset>", dims.text, re.S)[1]
    counted = re.findall(
        r'<a href="[^"]*">([^<]*)</a> <span class="count">\((\d+)\)', kinds
    )
    assert dict(counted) == {"Requests": "1", "Offers": "1"}
    # An unknown value is ignored rather than emptying the list.
    assert len(listed("/exchange/?dimension=nothing")) == 3
    assert "0 requests and offers" in client.get("/exchange/?status=closed").text


def _listed_titles(response) -> list[str]:
    """The titles of the cards the list shows, in its order."""
    return [
        unescape(title)
        for title in re.findall(
            r'<h3 lang="[^"]*"><a href="/exchange/\w+/[^"]+">([^<]*)</a></h3>',
            response.text,
        )
    ]


def _many(pair, n):
    for i in range(n):
        services.create_request(**request_data(pair, title=f"Request {i}"))
        services.create_offer(**offer_data(pair, title=f"Offer {i}"))


@pytest.mark.parametrize("n", [2, 12])
def test_list_runs_a_bounded_number_of_queries(pair, n, django_assert_num_queries):
    _many(pair, n)
    client = client_for(pair.seeker)
    cache.clear()
    # Nothing cached: the session and member, the listing index (seven), the
    # page's listings (one query for both kinds).
    with django_assert_num_queries(10):
        response = client.get("/exchange/?dimension=measuring-results")
    assert response.status_code == 200
    # A new address: its cards and the index were made for another one.
    with django_assert_num_queries(2):
        response = client.get("/exchange/?language=en&dimension=measuring-results")
    assert len(_listed_titles(response)) == min(2 * n, 20)


@pytest.mark.parametrize("n", [1, 8])
def test_thread_list_runs_a_bounded_number_of_queries(
    pair, n, django_assert_num_queries
):
    for i in range(n):
        request = services.create_request(**request_data(pair, title=f"R {i}"))
        services.offer_help(member=pair.provider, request=request, message="Hi")
    client = client_for(pair.provider)
    client.get("/exchange/threads/")
    with django_assert_num_queries(4):
        response = client.get("/exchange/threads/")
    assert len(response.context["threads"]) == n


def test_request_page_suggests_offers_stories_and_institutions_with_reasons(pair):
    request = services.create_request(**request_data(pair))
    services.create_offer(**offer_data(pair))
    factories.CaseStoryFactory(
        lead_institution=pair.provider.profile.institution,
        dimensions=[pair.dimension],
        tags=["monitoring and evaluation"],
    )
    page = Client().get(request.get_absolute_url())
    offers, institutions, stories = [s for _h, s in page.context["suggestions"]]
    assert offers[0].reasons[:2] == [
        "same dimension: Measuring results",
        "theme: monitoring and evaluation",
    ]
    assert "works in English" in offers[0].reasons
    assert stories
    assert institutions
    assert "1 published story" in institutions[0].reasons
    assert "1 open offer" in institutions[0].reasons


def test_suggestions_are_kept_until_a_new_offer_is_published(pair):
    request = services.create_request(**request_data(pair))
    page = Client().get(request.get_absolute_url())
    assert page.context["suggestions"][0][1] == []
    offer = services.create_offer(**offer_data(pair))
    page = Client().get(request.get_absolute_url())
    assert [s.item.pk for s in page.context["suggestions"][0][1]] == [offer.pk]


def test_contact_details_never_leak_before_agreement(pair):
    request = services.create_request(**request_data(pair))
    offer = services.create_offer(**offer_data(pair))
    thread = services.offer_help(member=pair.provider, request=request, message="Hi")
    visitor, other = Client(), client_for(factories.MemberFactory())
    for client in (visitor, other, client_for(pair.provider)):
        for path in (
            request.get_absolute_url(),
            offer.get_absolute_url(),
            "/exchange/",
            "/exchange/feed/",
            "/search/?q=evaluation",
        ):
            body = client.get(path).content.decode()
            assert pair.seeker.email not in body, path
            assert pair.provider.email not in body, path
    page = client_for(pair.provider).get(thread.get_absolute_url())
    assert pair.seeker.email not in page.content.decode()
    ld = re.search(
        rb'application/ld\+json">(.*?)</script>',
        Client().get(request.get_absolute_url()).content,
    ).group(1)
    assert json.loads(ld)["@type"] == "Demand"


def test_thread_is_404_for_anyone_outside_it(pair):
    request = services.create_request(**request_data(pair))
    thread = services.offer_help(member=pair.provider, request=request, message="Hi")
    stranger = client_for(factories.MemberFactory())
    assert stranger.get(thread.get_absolute_url()).status_code == 404
    assert stranger.post(thread.get_absolute_url(), {"message": "x"}).status_code == 404
    assert b"Hi" not in stranger.get("/exchange/threads/").content
    moderator = client_for(factories.ModeratorFactory())
    assert moderator.get(thread.get_absolute_url()).status_code == 200


def test_second_i_can_help_gets_a_clear_400(pair):
    request = services.create_request(**request_data(pair))
    url = f"{request.get_absolute_url()}help/"
    assert client_for(pair.provider).post(url, {"message": "Hi"}).status_code == 302
    colleague = member_of(pair.provider.profile.institution)
    response = client_for(colleague).post(url, {"message": "Me too"})
    assert response.status_code == 400
    assert "already offered help" in response.content.decode()
    assert Thread.objects.count() == 1


def test_whole_journey_through_the_pages(pair, django_capture_on_commit_callbacks):
    seeker, provider = client_for(pair.seeker), client_for(pair.provider)
    with django_capture_on_commit_callbacks(execute=True):
        seeker.post("/exchange/requests/new/", _form(pair))
        request = KnowledgeRequest.objects.get()
        thread_url = provider.post(
            f"{request.get_absolute_url()}help/", {"message": "We can help."}
        )["Location"]
        seeker.post(thread_url, {"message": "Thank you!"})
        terms = {
            "modality": "virtual",
            "starts_on": "2026-01-05",
            "ends_on": "2026-01-09",
        }
        assert provider.post(f"{thread_url}agree/", terms).status_code == 302
        exchange_url = seeker.post(f"{thread_url}agree/", terms)["Location"]
    exchange = Exchange.objects.get()
    assert exchange_url == exchange.get_absolute_url()
    assert pair.seeker.email in provider.get(thread_url).content.decode()
    assert {m.subject for m in mail.outbox} >= {
        f"[KS Hub] Exchange agreed: {request.title}"
    }
    status_url = f"{exchange_url}status/"
    assert provider.post(status_url, {"status": "completed"}).status_code == 302
    assert provider.post(status_url, {"status": "dropped"}).status_code == 400
    seeker.post(f"{exchange_url}results/", {"results": "We built a dashboard."})
    response = seeker.post(f"{exchange_url}story/")
    story = CaseStory.objects.get()
    assert response["Location"] == f"/cases/{story.slug}/edit/"
    assert story.results == "We built a dashboard."
    page = Client().get(exchange_url).content.decode()
    assert "We built a dashboard." in page
    assert pair.seeker.email not in page


def test_feed_lists_open_requests_only(pair):
    open_request = services.create_request(**request_data(pair))
    closed = services.create_request(**request_data(pair, title="Done already"))
    services.close_request(request=closed, member=pair.seeker, status="withdrawn")
    body = Client().get("/exchange/feed/").content.decode()
    assert open_request.title in body
    assert "Done already" not in body


def test_reminder_command_reports(pair):
    services.create_request(**request_data(pair, needed_by="2000-01-01"))
    out = io.StringIO()
    call_command("exchange_reminders", stdout=out)
    assert "Expired 1 requests" in out.getvalue()
    assert KnowledgeRequest.objects.get().status == "expired"


def test_search_and_sitemap_list_requests_offers_never_threads(pair):
    request = services.create_request(**request_data(pair))
    offer = services.create_offer(**offer_data(pair))
    thread = services.offer_help(member=pair.provider, request=request, message="Hi")
    body = Client().get("/search/?q=evaluation").content.decode()
    assert request.get_absolute_url() in body
    assert offer.get_absolute_url() in body
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert request.get_absolute_url() in sitemap
    assert thread.get_absolute_url() not in sitemap
    assert "/exchange/threads/" not in body + sitemap


def test_member_export_holds_own_requests_and_messages(pair):
    request = services.create_request(**request_data(pair))
    services.offer_help(member=pair.provider, request=request, message="Hi there")
    data = client_for(pair.provider).get("/me/export/").json()
    assert data["exchange_messages"][0]["body"] == "Hi there"
    mine = client_for(pair.seeker).get("/me/export/").json()
    assert mine["knowledge_requests"][0]["slug"] == request.slug
    assert pair.provider.email not in str(mine)


def test_deleting_a_member_keeps_the_other_sides_thread(pair):
    request = services.create_request(**request_data(pair))
    thread = services.offer_help(member=pair.provider, request=request, message="Hi")
    pair.provider.delete()
    assert thread.messages.get().author is None
    assert client_for(pair.seeker).get(thread.get_absolute_url()).status_code == 200


def test_a_members_request_page_reads_the_same_few_queries_for_any_request(
    pair, django_assert_num_queries
):
    from notifications.followable import object_key
    from notifications.services import follow

    followed = services.create_request(**request_data(pair))
    other = services.create_request(**request_data(pair, title="Another request"))
    follow(member=pair.provider, key=object_key(followed))
    helper = client_for(pair.provider)
    for request in (followed, other):
        helper.get(request.get_absolute_url())
    pages = {}
    for request in (followed, other):
        # The session, the member with their verified institution, then their
        # thread on the request and whether they follow it.
        with django_assert_num_queries(3):
            pages[request] = helper.get(request.get_absolute_url()).content

    assert b'aria-pressed="true"' in pages[followed]
    assert b'aria-pressed="false"' in pages[other]
    assert b"I can help" in pages[other]


def test_a_member_of_an_unverified_institution_cannot_offer_help(pair):
    request = services.create_request(**request_data(pair))
    unverified = member_of(factories.InstitutionFactory(verified=False))

    page = client_for(unverified).get(request.get_absolute_url()).content

    assert b"I can help" not in page
    assert b"Join a verified institution on your profile to answer." in page


def test_the_shared_answer_form_posts_with_each_readers_own_token(pair):
    """The follow and answer forms are rendered once for every member in the same
    situation (``core.holes``): each reader's copy holds their own CSRF token, one
    for every form of the page, and their own address."""
    request = services.create_request(**request_data(pair))
    colleague = member_of(pair.provider.profile.institution)
    tokens = []
    for member in (pair.provider, colleague):
        client = Client(enforce_csrf_checks=True)
        client.force_login(member)
        page = client.get(f"{request.get_absolute_url()}?q=x").content.decode()
        assert "kshub-hole" not in page
        assert f'value="{request.get_absolute_url()}?q=x"' in page  # follow's next
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        assert (
            len(set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)))
            == 1
        )
        tokens.append(token)
        sent = client.post(
            f"{request.get_absolute_url()}help/",
            {"message": "", "csrfmiddlewaretoken": token},
        )
        assert sent.status_code == 400  # an empty message: refused, not forbidden
    assert tokens[0] != tokens[1]
