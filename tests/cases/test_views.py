import json
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.facet_index import FACETS
from cases.models import Attachment, CaseStory, Dimension
from core.pagecache import bump_content_version
from tests.factories import (
    CaseStoryFactory,
    DimensionFactory,
    DraftCaseStoryFactory,
    IndexedCaseStoryFactory,
    InstitutionFactory,
    MemberFactory,
    SessionFactory,
)
from tests.listed import stories as listed

pytestmark = pytest.mark.django_db


# Each facet's values, read from the page (in the order of FACETS).
FACET = re.compile(r"<fieldset>(.*?)</fieldset>", re.S)
FACET_VALUE = re.compile(
    r'<a href="([^"]*)"[^>]*>([^<]*)</a>(?:</strong>)? <span class="count">\((\d+)\)'
)


def facet_values(response, name) -> list[tuple[str, str, int]]:
    """Facet ``name``'s values on the page: address, label, count."""
    shown = FACET.findall(response.text)[FACETS.index(name)]
    return [
        (unescape(href), unescape(label), int(count))
        for href, label, count in FACET_VALUE.findall(shown)
    ]


def facet(response, name):
    return {label: count for _url, label, count in facet_values(response, name)}


@pytest.fixture
def catalogue():
    learning = Dimension.objects.get(slug="learning-culture")
    partnerships = Dimension.objects.get(slug="partnerships")
    a = InstitutionFactory(name="Alpha", acronym="ALP", slug="alpha")
    b = InstitutionFactory(name="Beta", acronym="BET", slug="beta")
    one = CaseStoryFactory(
        countries=["CL", "MX"],
        year=2014,
        dimensions=[learning],
        tags=["health"],
        lead_institution=a,
    )
    two = CaseStoryFactory(
        countries=["CL"],
        year=2014,
        dimensions=[learning, partnerships],
        tags=["health", "education"],
        lead_institution=b,
    )
    two.partner_institutions.add(a)
    three = CaseStoryFactory(
        countries=["KR"],
        year=2012,
        dimensions=[partnerships],
        tags=["education"],
        lead_institution=a,
    )
    DraftCaseStoryFactory(
        countries=["CL"], year=2014, dimensions=[learning], lead_institution=a
    )
    return one, two, three


def test_case_list_facet_counts_follow_the_other_filters(client, catalogue):
    one, two, _three = catalogue
    response = client.get("/cases/?country=CL")
    assert response.status_code == 200
    assert set(listed(response)) == {one, two}
    assert facet(response, "country") == {"Chile": 2, "Mexico": 1, "South Korea": 1}
    assert facet(response, "dimension") == {
        "Knowledge and learning culture": 2,
        "Partnerships at home and abroad": 1,
    }
    assert facet(response, "tag") == {"health": 2, "education": 1}
    assert facet(response, "institution") == {"ALP": 2, "BET": 1}
    assert facet(response, "year") == {"2014": 2}


def test_case_list_filters_combine(client, catalogue):
    _one, two, _three = catalogue
    response = client.get("/cases/?country=CL&dimension=partnerships&tag=education")
    assert listed(response) == [two]
    assert facet(response, "country") == {"Chile": 1, "South Korea": 1}
    assert facet(response, "dimension") == {
        "Knowledge and learning culture": 1,
        "Partnerships at home and abroad": 1,
    }
    assert facet(response, "year") == {"2014": 1}
    response = client.get("/cases/?institution=alpha&year=2012")
    assert [c.pk for c in listed(response)] == [catalogue[2].pk]


def test_case_list_links_keep_the_filters(client, catalogue):
    response = client.get("/cases/?country=CL&sort=title")
    url = facet_values(response, "dimension")[0][0]
    assert "country=CL" in url
    assert "sort=title" in url
    assert "dimension=learning-culture" in url
    # The selection's pack keeps them too.
    assert 'href="/cases/pack/?country=CL&amp;sort=title"' in response.text


@pytest.mark.parametrize(
    "query",
    [
        "country=ZZ",
        "country=%00",
        "dimension=nope",
        "tag=../../etc",
        "institution=unknown",
        "year=abc",
        "year=99999999999999999999",
        "sort=drop",
        "page=-3",
        "page=abc",
        "q=" + "x" * 500,
        "q=%22unbalanced",
        "q=!!!&|",
    ],
)
def test_case_list_ignores_bad_values(client, catalogue, query):
    response = client.get(f"/cases/?{query}")
    assert response.status_code == 200


def test_case_list_unknown_value_is_ignored_not_emptying(client, catalogue):
    response = client.get("/cases/?dimension=nope")
    assert len(listed(response)) == 3


def test_case_list_page_past_the_end_shows_the_last(client):
    CaseStoryFactory.create_batch(13)
    response = client.get("/cases/?page=99")
    assert response.status_code == 200
    assert "<span>Page 2 of 2</span>" in response.text


def test_case_list_sorts(client):
    a = CaseStoryFactory(title="Alpha", view_count=1)
    b = CaseStoryFactory(title="Beta", view_count=9)
    assert listed(client.get("/cases/?sort=title")) == [a, b]
    assert listed(client.get("/cases/?sort=popular")) == [b, a]
    assert listed(client.get("/cases/?sort=recent")) == [b, a]


def test_case_list_search_ranks_and_highlights(client):
    IndexedCaseStoryFactory(title="Other", lessons="Governance matters.")
    IndexedCaseStoryFactory(title="Governance models")
    response = client.get("/cases/?q=governance")
    assert [c.title for c in listed(response)] == [
        "Governance models",
        "Other",
    ]
    assert "<mark>Governance</mark>" in response.text


def test_case_list_search_falls_back_to_similar_titles(client):
    IndexedCaseStoryFactory(title="Disaster risk management")
    response = client.get("/cases/?q=disastr")
    assert "No exact matches for “disastr”" in response.text
    assert [c.title for c in listed(response)] == ["Disaster risk management"]


def test_drafts_never_appear_in_list_search_feed_or_sitemap(client):
    draft = DraftCaseStoryFactory(title="Secret irrigation draft", tags=["water"])
    from cases.services import refresh_search_vector

    refresh_search_vector(case_story=draft)
    CaseStoryFactory(title="Public story")
    assert "Secret" not in client.get("/cases/").text
    assert "Secret" not in client.get("/cases/?q=irrigation").text
    assert "Secret" not in client.get("/cases/?tag=water").text
    assert "Secret" not in client.get("/search/?q=irrigation").text
    assert "Secret" not in client.get("/search/?q=secrt").text
    feed = client.get("/cases/feed/")
    assert "Public story" in feed.text
    assert "Secret" not in feed.text
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "/cases/" in sitemap.text
    assert draft.slug not in sitemap.text


def make_stories(count):
    dimensions = list(Dimension.objects.all()[:3])
    for n in range(count):
        case = IndexedCaseStoryFactory(
            title=f"Water story {n}",
            dimensions=dimensions[: 1 + n % 3],
            tags=[f"theme-{n % 4}", "water"],
            countries=["CL", "MX"][: 1 + n % 2],
            year=2010 + n % 5,
        )
        case.partner_institutions.add(InstitutionFactory())


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # With nothing cached: the page's rows by id, the dimensions, and the
        # seven queries of the facet index (stories, dimensions, partners,
        # themes, the themes' labels, the title order, the labels' order), which
        # gives the count, the page's ids, the cards' themes and every facet of
        # every address until the content changes
        ("/cases/", 9),
        # Under a text query the facets are counted in SQL: count, page,
        # dimensions, the cards' themes, one query per facet (two for
        # institutions: as lead and as partner; two for themes: counts and
        # labels), the chosen dimension's name, whether full-text search finds
        # anything
        ("/cases/?q=water&country=CL&dimension=learning-culture&sort=popular", 14),
        ("/cases/?q=watr", 13),
    ],
)
def test_case_list_query_count_is_constant(
    client, django_assert_num_queries, url, expected
):
    make_stories(5)
    client.get(url)
    cache.clear()
    with django_assert_num_queries(expected):
        client.get(url)
    make_stories(45)
    cache.clear()
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


def test_case_detail_renders_sections_safely(client):
    case = CaseStoryFactory(
        context="**Bold** <script>alert('x')</script> [x](javascript:alert(1))",
        summary="A summary",
    )
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in response.text
    assert "<script>alert" not in response.text
    assert "javascript:" not in response.text


def test_case_detail_has_open_graph_and_json_ld(client):
    case = CaseStoryFactory(title="</script><script>alert(1)</script>", tags=["water"])
    response = client.get(case.get_absolute_url())
    assert '<meta property="og:type" content="article">' in response.text
    (data,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S
    )
    assert "<" not in data
    parsed = json.loads(data)
    assert parsed["@type"] == "Article"
    assert parsed["headline"] == case.title
    assert parsed["keywords"] == ["water"]


def test_case_detail_counts_one_view_per_session(client):
    case = CaseStoryFactory()
    client.get(case.get_absolute_url())
    client.get(case.get_absolute_url())
    case.refresh_from_db()
    assert case.view_count == 1


def test_case_detail_shows_links_related_and_sessions(client):
    partnerships = Dimension.objects.get(slug="partnerships")
    partner = InstitutionFactory(name="Partner body")
    case = CaseStoryFactory(dimensions=[partnerships], tags=["water"], countries=["PE"])
    case.partner_institutions.add(partner)
    related = CaseStoryFactory(title="Related one", tags=["water"])
    CaseStoryFactory(title="Not related")
    session = SessionFactory(title="Roundtable on partnerships")
    session.case_stories.add(case)
    response = client.get(case.get_absolute_url())
    assert list(response.context["story"]["related"]) == [related]
    assert "Not related" not in response.text
    assert partner.get_absolute_url() in response.text
    assert case.lead_institution.get_absolute_url() in response.text
    assert "/cases/?country=PE" in response.text
    assert "Peru" in response.text
    assert "/cases/?tag=water" in response.text
    assert "Roundtable on partnerships" in response.text


def test_case_detail_hides_drafts_from_others(client):
    draft = DraftCaseStoryFactory()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(MemberFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(draft.author)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_case_detail_shows_drafts_to_moderators(moderator_client):
    draft = DraftCaseStoryFactory()
    assert moderator_client.get(draft.get_absolute_url()).status_code == 200


def form_data(**overrides):
    data = {
        "title": "Community radio",
        "summary": "Radio stations share what farmers learnt.",
        "context": "Rural areas.",
        "language": "en",
        "dimensions": [Dimension.objects.get(slug="sharing-modalities").pk],
        "countries": ["PE"],
        "tags": "radio, agriculture",
        "year": "2013",
        "action": "draft",
    }
    data.update(overrides)
    return data


def test_case_new_refuses_an_unverified_member(client, unverified_member):
    client.force_login(unverified_member)
    assert client.get("/cases/new/").status_code == 403
    assert client.post("/cases/new/", form_data()).status_code == 403
    assert not CaseStory.objects.exists()


def test_case_new_sends_visitors_to_sign_in(client):
    response = client.get("/cases/new/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_case_new_previews_without_saving(member_client):
    response = member_client.post(
        "/cases/new/", form_data(action="preview", context="*Hello* <script>x</script>")
    )
    assert response.status_code == 200
    assert "<em>Hello</em>" in response.text
    assert "<script>x" not in response.text
    assert not CaseStory.objects.exists()


def test_case_new_saves_a_draft_then_submits(member_client, member):
    response = member_client.post("/cases/new/", form_data())
    case = CaseStory.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.slug}/edit/"
    assert case.status == CaseStory.Status.DRAFT
    assert case.author == member
    assert case.countries == ["PE"]
    assert sorted(case.tags.names()) == ["agriculture", "radio"]
    response = member_client.post(
        f"/cases/{case.slug}/edit/", form_data(action="submit", title="Radio")
    )
    case.refresh_from_db()
    assert response.status_code == 302
    assert case.status == CaseStory.Status.SUBMITTED
    assert case.title == "Radio"
    # Submitted: no longer editable.
    response = member_client.post(f"/cases/{case.slug}/edit/", form_data(title="X"))
    case.refresh_from_db()
    assert case.title == "Radio"


def test_case_new_refuses_a_script_renamed_pdf(member_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("report.pdf", b"<script>alert(1)</script>")
    response = member_client.post("/cases/new/", form_data(attachment=upload))
    assert response.status_code == 400
    assert "Only PDF, PNG and JPEG" in response.text
    assert not CaseStory.objects.exists()
    assert not Attachment.objects.exists()


def test_case_new_invalid_form_is_a_400(member_client):
    response = member_client.post("/cases/new/", form_data(summary="x" * 301))
    assert response.status_code == 400
    assert not CaseStory.objects.exists()


def test_case_edit_refuses_another_member(client):
    draft = DraftCaseStoryFactory()
    client.force_login(MemberFactory())
    assert client.get(f"/cases/{draft.slug}/edit/").status_code == 404
    published = CaseStoryFactory()
    assert client.get(f"/cases/{published.slug}/edit/").status_code == 403


def test_tag_and_dimension_feeds(client):
    CaseStoryFactory(title="Tagged", tags=["water"])
    CaseStoryFactory(
        title="In dimension", dimensions=[Dimension.objects.get(slug="partnerships")]
    )
    tag_feed = client.get("/cases/feed/tag/water/")
    assert "Tagged" in tag_feed.text
    assert "In dimension" not in tag_feed.text
    dimension_feed = client.get("/cases/feed/dimension/partnerships/")
    assert "In dimension" in dimension_feed.text
    assert "Tagged" not in dimension_feed.text
    assert client.get("/cases/feed/tag/nope/").status_code == 404


def test_case_list_labels_follow_a_renamed_dimension(client):
    dimension = DimensionFactory()
    CaseStoryFactory(dimensions=[dimension])
    address = reverse("cases:list") + f"?dimension={dimension.slug}"
    assert f"{dimension.name} <span" in client.get(address).text
    Dimension.objects.filter(pk=dimension.pk).update(name="Culture of learning")
    bump_content_version()
    page = client.get(address + "&sort=title").text
    assert "Culture of learning <span" in page  # the chosen filter
    assert f'href="{address}">Culture of learning</a>' in page  # the card's badge


@pytest.mark.parametrize("language", ["es", "fr"])
def test_case_list_names_countries_in_the_reader_s_language(client, language):
    CaseStoryFactory(countries=["DE"])
    client.cookies["django_language"] = language
    page = client.get(reverse("cases:list") + "?country=DE").text
    name = {"es": "Alemania", "fr": "Allemagne"}[language]
    assert f"{name} <span" in page  # the chosen filter
    assert f">{name}</a>" in page  # the facet's value
