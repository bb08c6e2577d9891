"""schema.org JSON-LD on every public page type, read by a JSON-LD processor
(pyld, offline): the right types and properties, and nothing private."""

import pytest
from django.urls import reverse

from exchanges.models import Exchange
from members.models import Profile
from opendata.resources import RESOURCES
from tests import factories
from tests.jsonld import blocks, expanded, of_type, value, values

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_home_is_a_website_with_its_search(client):
    html = page(client, "/")
    (site,) = of_type(html, "WebSite")
    assert value(site, "url") == "http://testserver/"
    (action,) = values(site, "potentialAction")
    assert value(action, "target") == (
        "http://testserver/search/?q={search_term_string}"
    )
    assert value(action, "query-input") == "required name=search_term_string"


SCHEMA_ORGANIZATION = "http://schema.org/Organization"


def test_case_story_is_an_article_by_its_institution(client):
    lead = factories.InstitutionFactory(name="Korea Development Institute")
    case = factories.CaseStoryFactory(lead_institution=lead, tags=["water"])
    html = page(client, case.get_absolute_url())
    (article,) = of_type(html, "Article")
    assert value(article, "headline") == case.title
    assert values(article, "keywords") == ["water"]
    (author,) = values(article, "author")
    assert SCHEMA_ORGANIZATION in author["@type"]
    assert value(author, "name") == "Korea Development Institute"
    assert value(author, "url") == f"http://testserver{lead.get_absolute_url()}"


def test_draft_story_and_post_have_no_structured_data(client):
    author = factories.MemberFactory()
    case = factories.DraftCaseStoryFactory(author=author)
    post = factories.PostFactory(author=author, status="draft", published_at=None)
    client.force_login(author)
    assert blocks(page(client, case.get_absolute_url())) == []
    assert blocks(page(client, post.get_absolute_url())) == []


def test_post_is_a_blog_posting_by_its_author_about_its_event(client):
    event = factories.EventFactory(title="HLM2")
    post = factories.PostFactory(event=event)
    post.tags.add("seoul")
    html = page(client, post.get_absolute_url())
    (posting,) = of_type(html, "BlogPosting")
    assert value(posting, "headline") == post.title
    (author,) = values(posting, "author")
    assert value(author, "name") == post.author.profile.display_name
    assert "http://schema.org/email" not in author
    (about,) = values(posting, "about")
    assert value(about, "name") == "HLM2"
    assert values(posting, "keywords") == ["seoul"]


def test_event_has_its_sessions_as_sub_events(client):
    organiser = factories.InstitutionFactory(name="KSP")
    event = factories.EventFactory(title="HLM2")
    event.organisers.add(organiser)
    session = factories.SessionFactory(event=event, title="Policy panel")
    factories.SpeakerFactory(session=session, name="A. Speaker")
    html = page(client, event.get_absolute_url())
    top = [n for n in of_type(html, "Event") if values(n, "subEvent")]
    (main,) = top
    assert value(main, "name") == "HLM2"
    assert value(main, "startDate") == event.starts_on.isoformat()
    (sub,) = values(main, "subEvent")
    assert value(sub, "name") == "Policy panel"
    assert value(value(sub, "performer"), "name") == "A. Speaker"
    assert value(value(main, "organizer"), "name") == "KSP"


def test_session_is_an_event_within_its_event(client):
    session = factories.SessionFactory(title="Roundtable on results")
    html = page(client, session.get_absolute_url())
    (main,) = [n for n in of_type(html, "Event") if values(n, "superEvent")]
    assert value(main, "name") == "Roundtable on results"
    assert value(value(main, "superEvent"), "name") == session.event.title


def test_document_is_a_digital_document_of_its_event(client):
    document = factories.DocumentFactory(
        title="Seoul Communiqué", text="What was agreed.", text_is_summary=True
    )
    html = page(client, document.get_absolute_url())
    (digital,) = of_type(html, "DigitalDocument")
    assert value(digital, "name") == "Seoul Communiqué"
    assert value(digital, "abstract") == "What was agreed."
    assert value(value(digital, "about"), "name") == document.event.title


def test_institution_is_an_organization_only_once_verified(client):
    institution = factories.InstitutionFactory(
        name="Knowledge Sharing Program", acronym="KSP", website="https://ksp.example"
    )
    html = page(client, institution.get_absolute_url())
    (organization,) = of_type(html, "Organization")
    assert value(organization, "alternateName") == "KSP"
    assert value(organization, "sameAs") == "https://ksp.example"

    proposed = factories.InstitutionFactory(verified=False)
    client.force_login(factories.ModeratorFactory())
    assert blocks(page(client, proposed.get_absolute_url())) == []


def test_member_is_a_person_with_only_what_they_show(client):
    member = factories.MemberFactory(username="ana")
    Profile.objects.filter(user=member).update(
        display_name="Ana Pérez",
        position="Director of Learning",
        show_position=False,
        bio="About me.",
    )
    html = page(client, reverse("members:profile", args=["ana"]))
    (person,) = of_type(html, "Person")
    assert value(person, "name") == "Ana Pérez"
    assert value(person, "description") == "About me."
    assert values(person, "jobTitle") == []
    assert "ana@example.org" not in str(expanded(html))


def test_request_and_offer_name_no_contact(client):
    knowledge_request = factories.KnowledgeRequestFactory(title="Learning to measure")
    offer = factories.KnowledgeOfferFactory(title="Our M&E tools")
    (demand,) = of_type(page(client, knowledge_request.get_absolute_url()), "Demand")
    assert value(demand, "name") == "Learning to measure"
    assert value(demand, "validThrough") == knowledge_request.needed_by.isoformat()
    html = page(client, offer.get_absolute_url())
    (shared,) = of_type(html, "Offer")
    assert value(shared, "name") == "Our M&E tools"
    assert value(value(shared, "offeredBy"), "name") == offer.institution.name
    assert offer.contact.email not in html


def test_hidden_request_is_not_described_to_its_contact(client):
    knowledge_request = factories.KnowledgeRequestFactory(hidden=True)
    client.force_login(knowledge_request.contact)
    assert blocks(page(client, knowledge_request.get_absolute_url())) == []


def test_exchange_is_an_event_between_institutions(client):
    provider = factories.InstitutionFactory(name="FOSIS")
    recipient = factories.InstitutionFactory(name="DANE")
    exchange = completed_exchange_of(provider, recipient)
    html = page(client, exchange.get_absolute_url())
    (event,) = of_type(html, "Event")
    assert value(event, "name") == exchange.title
    names = {value(node, "name") for node in values(event, "organizer")}
    assert names == {"FOSIS", "DANE"}


def completed_exchange_of(provider, recipient) -> Exchange:
    return factories.completed_exchange(provider=provider, recipient=recipient)


def test_public_topic_is_a_discussion_forum_posting(client):
    topic = factories.TopicFactory(title="Which results framework?")
    html = page(client, topic.get_absolute_url())
    (posting,) = of_type(html, "DiscussionForumPosting")
    assert value(posting, "headline") == "Which results framework?"
    assert value(value(posting, "author"), "name") == topic.author.profile.display_name


def test_open_data_page_is_a_catalogue_of_datasets(client):
    html = page(client, reverse("opendata:index"))
    (catalogue,) = of_type(html, "DataCatalog")
    datasets = values(catalogue, "dataset")
    assert {value(d, "name") for d in datasets} == {
        resource.title for resource in RESOURCES.values()
    }
    downloads = [value(d, "contentUrl") for d in values(datasets[0], "distribution")]
    assert all(url.startswith("http://testserver/data/") for url in downloads)
    assert value(catalogue, "license").startswith("http")


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/cases/", lambda: factories.CaseStoryFactory()),
        ("/events/", lambda: factories.EventFactory()),
        ("/blog/", lambda: factories.PostFactory()),
        ("/institutions/", lambda: factories.InstitutionFactory()),
    ],
)
def test_list_pages_list_their_items_in_order(client, url, make):
    item = make()
    factories.DraftCaseStoryFactory(title="Not yet published")
    html = page(client, url)
    (listed,) = of_type(html, "ItemList")
    urls = [value(entry, "url") for entry in values(listed, "itemListElement")]
    assert f"http://testserver{item.get_absolute_url()}" in urls
    assert [value(e, "position") for e in values(listed, "itemListElement")] == list(
        range(1, len(urls) + 1)
    )
    assert "Not yet published" not in html
