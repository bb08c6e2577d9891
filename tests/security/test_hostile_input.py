"""Hostile input: an XSS corpus through every field members can write renders
inert, and fuzzed forms and list filters never cause a server error."""

import json
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assessment import questionnaire
from discussions.models import Topic
from members.models import Institution
from tests import factories
from tests.jsonld import blocks as jsonld_blocks

pytestmark = pytest.mark.django_db

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt&colon;alert(1)">y</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">z</a>',
    "[click](javascript:alert(1))",
    "[data](data:text/html,<script>alert(1)</script>)",
    '![img](x" onerror="alert(1))',
    '<iframe src="javascript:alert(1)"></iframe>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '"><body onload=alert(1)>',
    "<div style=\"background:url('javascript:alert(1)')\">s</div>",
    '<a href="&#106;avascript:alert(1)">e</a>',
    "<a href='\u2028javascript:alert(1)'>u</a>",
    "\u202e<scr\u200bipt>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=javascript:alert(1)><button>b</button></form>",
    "{{ 7|add:7 }} {% now 'Y' %}",
]
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background"}


class Inspector(HTMLParser):
    """Collects what would run in a browser."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        own_file = (values.get("src") or "").startswith("/static/")
        json_ld = values.get("type") == "application/ld+json"
        if tag == "script" and not (own_file or json_ld):
            self.problems.append(f"script {attrs}")
        if tag in {"iframe", "object", "embed", "base", "frame"}:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name == "style" and "javascript" in (value or "").lower():
                self.problems.append(f"<{tag} style>")
            if name in URL_ATTRIBUTES and value:
                # As a browser reads a URL: leading C0 controls and spaces are
                # dropped, tabs and newlines removed anywhere.
                cleaned = value.lstrip("".join(map(chr, range(33))))
                cleaned = "".join(ch for ch in cleaned if ch not in "\t\n\r")
                if cleaned.lower().startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def assert_inert(response) -> None:
    assert response.status_code == 200
    inspector = Inspector()
    inspector.feed(response.content.decode())
    assert inspector.problems == []


def pack(limit: int, part: int, parts: int = 3) -> str:
    """Some of the corpus, as much as fits a short field."""
    text = " ".join(XSS[part::parts])
    return text[:limit]


LONG = "\n\n".join(XSS)


def test_xss_corpus_renders_inert_everywhere_members_write(db, settings):
    settings.DISCUSSIONS_TOPICS_REVIEWED = 0  # replies go under published topics
    author = factories.MemberFactory(username="writer")
    moderator = factories.ModeratorFactory()
    published = factories.CaseStoryFactory()
    client = Client()
    client.force_login(author)
    mod = Client()
    mod.force_login(moderator)
    pages = []
    for part in range(3):
        cache.clear()
        response = client.post(
            "/cases/new/",
            {
                "title": pack(200, part),
                "summary": pack(300, part),
                "context": LONG,
                "challenge": LONG,
                "solution": LONG,
                "results": LONG,
                "lessons": LONG,
                "language": "en",
                "tags": pack(90, part).replace(",", " "),
            },
        )
        assert response.status_code == 302, response.content[:2000]
        pages += [response["Location"], response["Location"].replace("/edit/", "/")]
        response = client.post(
            "/blog/new/",
            {
                "title": pack(200, part),
                "summary": pack(300, part),
                "body": LONG,
                "language": "en",
                "tags": "xss",
            },
        )
        assert response.status_code == 302
        pages.append(response["Location"])
        response = client.post(
            "/discussions/measuring-results/new/",
            {
                "title": pack(200, part),
                "body": LONG,
                "language": "en",
                "tags": pack(90, part).replace(",", " ")[:100] or "xss",
            },
        )
        assert response.status_code == 302, response.content[:2000]
        pages.append(response["Location"])
        topic = Topic.objects.latest("id")
        edit_url = f"{topic.get_absolute_url()}edit/"
        assert_inert(client.get(edit_url))
        edited = client.post(
            edit_url,
            {"title": pack(200, part + 1), "body": LONG, "tags": "xss, edited"},
        )
        assert edited.status_code == 302, edited.content[:2000]
        response = client.post(
            "/comments/post/",
            {
                "target": "discussions.topic",
                "object_id": topic.pk,
                "body": pack(2000, part) or "xss",
                "submission_key": f"00000000-0000-4000-9000-00000000000{part}",
            },
        )
        assert response.status_code == 302, response.content[:2000]
        response = client.post(
            "/comments/post/",
            {
                "target": "cases.casestory",
                "object_id": published.pk,
                "body": LONG if part == 0 else pack(2000, part),
                "submission_key": f"00000000-0000-4000-8000-00000000000{part}",
            },
        )
        assert response.status_code == 302, response.content[:2000]
        response = client.post(
            "/me/",
            {
                "display_name": pack(100, part) or "x",
                "username": "writer",
                "position": pack(150, part),
                "bio": LONG[:2000],
                "country": "KR",
                "preferred_language": "en",
                "listed_in_directory": "on",
                "show_position": "on",
                "show_bio": "on",
                "show_country": "on",
                "show_expertise": "on",
                "show_institution": "on",
                "expertise": "xss",
                "new_institution_name": f"{pack(180, part)} {part}",
                "new_institution_kind": Institution.Kind.GOVERNMENT,
            },
        )
        assert response.status_code == 302, response.content[:3000]
        response = Client().post(
            "/contact/",
            {
                "name": pack(100, part) or "x",
                "email": "someone@example.org",
                "topic": "question",
                "subject": pack(120, part) or "x",
                "body": LONG,
            },
        )
        assert response.status_code == 302
        for page in [
            published.get_absolute_url(),
            "/me/",
            "/members/writer/",
            "/members/",
            "/blog/",
            "/discussions/",
            "/discussions/measuring-results/",
        ]:
            assert_inert(client.get(page))
        for page in pages:
            assert_inert(client.get(page))
        # The search shows comments and members' shown fields in its snippets,
        # and echoes the query (and the moderators' list of searches records it).
        for q in ["alert", "script", "javascript", *XSS[part::8]]:
            assert_inert(Client().get("/search/", {"q": q}))
            assert_inert(Client().get("/search/", {"q": q, "kind": "comment"}))
            assert_inert(Client().get("/search/", {"q": q, "kind": "member"}))
        for page in [
            "/moderation/searches/",
            "/moderation/institutions/",
            "/moderation/messages/",
            "/moderation/comments/",
            "/moderation/audit/",
            "/",
        ]:
            assert_inert(mod.get(page))
    assert Institution.objects.filter(verified=False).count() >= 1


def test_xss_corpus_renders_inert_in_knowledge_exchange(db):
    """Requests, offers, messages and results: every field members write there."""
    from exchanges.models import Exchange

    seeker, provider = (factories.MemberFactory() for _ in range(2))
    for user in (seeker, provider):
        user.profile.institution = factories.InstitutionFactory()
        user.profile.save(update_fields=["institution"])
    clients = {}
    for user in (seeker, provider):
        clients[user] = Client()
        clients[user].force_login(user)
    dimension = factories.DimensionFactory()
    mod = Client()
    mod.force_login(factories.ModeratorFactory())
    listing = {
        "dimensions": [dimension.pk],
        "languages": ["en"],
        "modalities": ["virtual"],
        "language": "en",
        "countries": ["PK"],
    }
    for part in range(3):
        cache.clear()
        fields = {
            **listing,
            "title": f"{pack(190, part)} {part}",
            "summary": pack(300, part),
            "body": LONG,
            "tags": pack(90, part).replace(",", " "),
        }
        request_url = clients[seeker].post(
            "/exchange/requests/new/",
            {**fields, "context": LONG, "needed_by": "2099-01-01"},
        )["Location"]
        offer_url = clients[provider].post(
            "/exchange/offers/new/", {**fields, "capacity": "1"}
        )["Location"]
        thread_url = clients[provider].post(
            f"{request_url}help/", {"message": LONG[:5000]}
        )["Location"]
        clients[seeker].post(thread_url, {"message": pack(5000, part)})
        terms = {
            "modality": "virtual",
            "starts_on": "2099-01-01",
            "ends_on": "2099-01-02",
        }
        clients[provider].post(f"{thread_url}agree/", terms)
        exchange_url = clients[seeker].post(f"{thread_url}agree/", terms)["Location"]
        clients[seeker].post(f"{exchange_url}status/", {"status": "completed"})
        clients[seeker].post(f"{exchange_url}results/", {"results": LONG[:5000]})
        clients[provider].post(
            f"{request_url}flag/", {"reason": "other", "note": pack(500, part)}
        )
        for page in ("/moderation/exchanges/?tab=flagged", "/moderation/exchanges/"):
            assert_inert(mod.get(page))
        for page in (
            request_url,
            offer_url,
            "/exchange/",
            "/exchange/threads/",
            thread_url,
            exchange_url,
            "/search/?q=script",
        ):
            assert_inert(clients[seeker].get(page))
            assert_inert(mod.get(page))
    assert Exchange.objects.completed().count() == 3


# Structured data ---------------------------------------------------------------

# Text that would close a JSON-LD script element, open a comment that swallows
# the rest of the page, or end a JavaScript string in an older reader.
SCRIPT_BREAKERS = (
    '</script><script>alert(1)</script> </SCRIPT ><!-- <script> & "q" \u2028\u2029'
)


def _structured_pages(hostile: str) -> list[str]:
    """One public page of each type that carries JSON-LD, its text hostile."""
    institution = factories.InstitutionFactory(
        name=hostile[:200], acronym="X", description=hostile
    )
    member = factories.MemberFactory(username="hostile")
    member.profile.display_name = hostile[:100]
    member.profile.position = hostile[:150]
    member.profile.bio = hostile
    member.profile.institution = institution
    member.profile.save()
    case = factories.CaseStoryFactory(
        title=hostile[:200], summary=hostile[:300], lead_institution=institution
    )
    case.tags.add(hostile[:90])
    event = factories.EventFactory(title=hostile[:200], city=hostile[:100])
    event.organisers.add(institution)
    session = factories.SessionFactory(event=event, title=hostile[:200], place="<")
    factories.SpeakerFactory(session=session, name=hostile[:100], position=hostile)
    document = factories.DocumentFactory(
        event=event, title=hostile[:200], text=hostile, text_is_summary=True
    )
    post = factories.PostFactory(title=hostile[:200], summary=hostile[:300])
    request = factories.KnowledgeRequestFactory(
        title=hostile[:200], summary=hostile[:300], institution=institution
    )
    offer = factories.KnowledgeOfferFactory(
        title=hostile[:200], summary=hostile[:300], institution=institution
    )
    exchange = factories.completed_exchange(
        provider=institution, recipient=factories.InstitutionFactory(), title=hostile
    )
    topic = factories.TopicFactory(title=hostile[:200], author=member)
    return [
        "/",
        "/cases/",
        "/events/",
        "/blog/",
        "/institutions/",
        "/data/",
        case.get_absolute_url(),
        event.get_absolute_url(),
        session.get_absolute_url(),
        document.get_absolute_url(),
        post.get_absolute_url(),
        institution.get_absolute_url(),
        member.profile.get_absolute_url(),
        request.get_absolute_url(),
        offer.get_absolute_url(),
        exchange.get_absolute_url(),
        topic.get_absolute_url(),
    ]


@pytest.mark.parametrize("hostile", [SCRIPT_BREAKERS, *XSS[:4]])
def test_structured_data_keeps_hostile_text_inside_its_script(db, client, hostile):
    """Every JSON-LD block holds no markup character, parses, and reads back the
    hostile text as it was written."""
    described = 0
    for url in _structured_pages(hostile):
        response = client.get(url)
        assert_inert(response)
        for block in jsonld_blocks(response.content.decode()):
            assert not set(block) & {"<", ">", "&", "\u2028", "\u2029"}, url
            described += json.dumps(json.loads(block), ensure_ascii=False).count(
                json.dumps(hostile[:90], ensure_ascii=False)[1:-1]
            )
    assert described >= 10


def test_xss_corpus_in_the_prefilled_request_form_renders_inert(fuzz_clients):
    """The form echoes its address's title and context (an assessment's "Ask for
    help on this" link): a crafted link must not run anything."""
    for text in XSS:
        response = fuzz_clients[0].get(
            "/exchange/requests/new/",
            {"title": text, "context": text, "dimension": text},
        )
        assert response.status_code == 200
        assert_inert(response)


# Fuzzing -----------------------------------------------------------------------

FUZZ = hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80
)
numbers = st.one_of(st.integers(-(10**12), 10**12).map(str), texts)
LIST_FILTERS = {
    "/cases/": ["q", "country", "dimension", "tag", "institution", "year", "sort"],
    "/cases/pack/": ["q", "country", "dimension", "tag", "institution", "year"],
    "/api/v1/case-stories/": ["q", "country", "dimension", "tag", "institution"],
    "/api/v1/documents/": ["q", "event", "kind", "language", "cursor", "limit"],
    "/api/v1/adoptions/": [
        "case_story",
        "institution",
        "country",
        "dimension",
        "year",
        "cursor",
        "limit",
    ],
    "/members/": ["country", "institution", "expertise"],
    "/institutions/": ["country", "kind"],
    "/search/": ["q", "kind"],
    "/blog/": ["tag"],
    "/discussions/": ["space", "unanswered", "tag", "language"],
    "/discussions/measuring-results/": ["sort"],
    "/events/": [],
    "/moderation/audit/": ["moderator", "action", "since", "until"],
    "/moderation/cases/": ["status"],
    "/moderation/exchanges/": ["tab"],
    "/exchange/requests/new/": ["title", "dimension", "context"],
    "/moderation/reviews/": ["kind"],
    "/moderation/links/": [],
    "/moderation/corrections/": [],
    "/exchange/": [
        "q",
        "kind",
        "dimension",
        "tag",
        "country",
        "region",
        "language",
        "modality",
        "status",
    ],
    "/assessment/": [],
    "/assessment/benchmark/": [],
    "/impact/": [],
    "/impact/flows/": ["dimension", "year", "region"],
    "/impact/data.csv": [],
}


def test_xss_corpus_renders_inert_in_curation(db):
    """Corrections, their difference and the story's and the post's history, the
    outdated banner, and the desk's review and broken link pages, with the
    corpus in every text."""
    from django.utils import timezone

    from cases import corrections
    from core import curation
    from moderation.models import BrokenLink

    story = factories.CaseStoryFactory(review_by=timezone.localdate())
    proposer = factories.MemberFactory()
    accepted = corrections.suggest_correction(
        case_story=story, proposer=proposer, explanation=LONG, results=LONG
    )
    corrections.accept_correction(
        correction=accepted, reviewer=story.author, note=pack(2000, 0)
    )
    story.refresh_from_db()
    pending = corrections.suggest_correction(
        case_story=story,
        proposer=proposer,
        explanation=LONG,
        title=pack(200, 1),
        summary=pack(300, 2),
        lessons=LONG,
    )
    outdated = factories.CaseStoryFactory(review_by=timezone.localdate())
    moderator = factories.ModeratorFactory()
    curation.mark_outdated(outdated, reviewer=moderator, note=LONG)
    post = factories.PostFactory(
        title=pack(200, 0),
        summary=pack(300, 1),
        body=LONG,
        review_by=timezone.localdate(),
    )
    post.body = pack(2000, 2)
    post.save()
    curation.mark_outdated(post, reviewer=moderator, note=pack(2000, 3))
    BrokenLink.objects.create(
        url="https://evil.example/x?a=javascript:alert(1)",
        host="evil.example",
        error=pack(200, 0),
        last_checked_at=timezone.now(),
        found_on=[{"label": XSS[0], "title": XSS[2], "url": story.get_absolute_url()}],
    )
    author = Client()
    author.force_login(story.author)
    desk = Client()
    desk.force_login(moderator)
    for client, path in (
        (author, pending.get_absolute_url()),
        (author, accepted.get_absolute_url()),
        (author, f"{story.get_absolute_url()}history/"),
        (author, f"{post.get_absolute_url()}history/"),
        (author, f"{story.get_absolute_url()}suggest/"),
        (author, outdated.get_absolute_url()),
        (desk, "/moderation/reviews/"),
        (desk, "/moderation/corrections/"),
        (desk, "/moderation/links/"),
    ):
        assert_inert(client.get(path))


@pytest.fixture
def fuzz_clients(db):
    factories.CaseStoryFactory(slug="fuzzed-story")
    user = factories.MemberFactory()
    # Of a verified institution, so the knowledge exchange forms are reached.
    user.profile.institution = factories.InstitutionFactory()
    user.profile.save(update_fields=["institution"])
    factories.KnowledgeRequestFactory(slug="fuzzed-request")
    member = Client()
    member.force_login(user)
    moderator = Client()
    moderator.force_login(factories.ModeratorFactory())
    return member, moderator


@FUZZ
@given(
    path=st.sampled_from(sorted(LIST_FILTERS)),
    values=st.lists(texts, min_size=8, max_size=8),
    page=numbers,
)
def test_fuzzed_list_filters_never_fail(fuzz_clients, path, values, page):
    params = dict(zip(LIST_FILTERS[path], values, strict=False))
    params["page"] = page
    client = fuzz_clients[1] if path.startswith("/moderation/") else fuzz_clients[0]
    response = client.get(path, params)
    assert response.status_code in (200, 400, 404)


FORMS = {
    "/cases/new/": [
        "title",
        "summary",
        "context",
        "year",
        "language",
        "countries",
        "dimensions",
        "tags",
        "lead_institution",
        "action",
    ],
    "/blog/new/": ["title", "summary", "body", "language", "tags", "event", "action"],
    "/comments/post/": ["target", "object_id", "body", "submission_key"],
    "/discussions/measuring-results/new/": [
        "title",
        "body",
        "tags",
        "language",
        "case_stories",
        "events",
    ],
    "/me/": [
        "display_name",
        "username",
        "position",
        "bio",
        "country",
        "preferred_language",
        "institution",
        "new_institution_name",
        "new_institution_kind",
        "new_institution_website",
        "expertise",
    ],
    "/contact/": ["name", "email", "topic", "subject", "body", "website"],
    "/me/delete/": ["password"],
    "/me/notifications/": [
        "action",
        "mail_replies",
        "mail_comments",
        "mail_content",
        "mail_matches",
        "mail_reminders",
        "mail_digest",
        "tag",
        "region",
    ],
    "/notifications/follow/": ["key", "next", "action"],
    "/exchange/requests/new/": [
        "title",
        "summary",
        "body",
        "context",
        "needed_by",
        "dimensions",
        "tags",
        "countries",
        "languages",
        "modalities",
        "language",
    ],
    "/exchange/offers/new/": [
        "title",
        "summary",
        "body",
        "capacity",
        "dimensions",
        "tags",
        "countries",
        "languages",
        "modalities",
        "language",
        "case_stories",
    ],
    "/impact/adapt/fuzzed-story/": ["note"],
    "/exchange/requests/fuzzed-request/flag/": ["reason", "note"],
    "/cases/fuzzed-story/suggest/": [
        "title",
        "summary",
        "context",
        "challenge",
        "solution",
        "results",
        "lessons",
        "explanation",
    ],
}


@FUZZ
@given(
    path=st.sampled_from(sorted(FORMS)),
    values=st.lists(st.one_of(texts, numbers), min_size=11, max_size=11),
)
def test_fuzzed_forms_answer_with_a_form_error_or_4xx(fuzz_clients, path, values):
    cache.clear()
    data = dict(zip(FORMS[path], values, strict=False))
    response = fuzz_clients[0].post(path, data)
    assert response.status_code in (200, 302, 400, 403, 404, 429)


@pytest.mark.parametrize("char", ["\x00", "%\\'\u202e"])
def test_every_list_filter_takes_awkward_characters(fuzz_clients, char):
    """Found by the fuzzer: a NUL in a filter reached PostgreSQL (a 500)."""
    failures = []
    for path, names in LIST_FILTERS.items():
        client = fuzz_clients[1] if path.startswith("/moderation/") else fuzz_clients[0]
        for name in [*names, "page"]:
            response = client.get(path, {name: f"a{char}b"})
            if response.status_code not in (200, 400, 404):
                failures.append((path, name, response.status_code))
    assert failures == []


# Self-assessment ------------------------------------------------------------------

STATEMENT_FIELDS = [f"s-{item.key}" for item in questionnaire.current().statements]
NOTE_FIELDS = [f"note-{slug}" for slug in questionnaire.current().dimension_slugs]


@pytest.fixture
def assessing_client(db):
    """A member of an institution, signed in, and the institution's draft."""
    institution = factories.InstitutionFactory(slug="assessed")
    member = factories.MemberFactory(username="assessor")
    member.profile.institution = institution
    member.profile.save()
    client = Client()
    client.force_login(member)
    return client, factories.AssessmentFactory(institution=institution)


def test_xss_corpus_in_assessment_notes_renders_inert(assessing_client):
    client, draft = assessing_client
    notes = {name: pack(2000, index % 3) for index, name in enumerate(NOTE_FIELDS)}
    notes[NOTE_FIELDS[0]] = LONG[:2000]
    data = dict.fromkeys(STATEMENT_FIELDS, "2")
    response = client.post(
        draft.get_absolute_url(),
        {**data, **notes, "visibility": "public", "action": "draft"},
    )
    assert response.status_code == 302
    assert_inert(client.get(draft.get_absolute_url()))
    response = client.post(
        draft.get_absolute_url(),
        {**data, **notes, "visibility": "public", "action": "submit"},
    )
    assert response.status_code == 302
    assert_inert(client.get(draft.get_absolute_url()))
    assert_inert(Client().get(draft.get_absolute_url()))
    assert_inert(client.get("/institutions/assessed/assessments/"))


@FUZZ
@given(
    values=st.lists(st.one_of(texts, numbers), min_size=8, max_size=8),
    action=st.sampled_from(["draft", "submit", "", "other"]),
)
def test_fuzzed_assessment_form_answers_with_a_form_error(
    assessing_client, values, action
):
    client, draft = assessing_client
    cache.clear()
    names = [
        *STATEMENT_FIELDS[:4],
        NOTE_FIELDS[0],
        "visibility",
        *STATEMENT_FIELDS[-2:],
    ]
    data = dict(zip(names, values, strict=False))
    response = client.post(draft.get_absolute_url(), {**data, "action": action})
    assert response.status_code in (200, 302, 400)


def test_xss_corpus_in_theme_names_and_tags_renders_inert(db):
    """Tags as members type them and theme names as moderators write them, shown
    in facets, cards, a story's page, a theme's feed and the desk."""
    from taxonomy.models import Theme
    from taxonomy.services import set_tags

    story = factories.CaseStoryFactory(title="Tagged story")
    set_tags(story, [payload[:100] for payload in XSS[:10]], language="en")
    mod = Client()
    mod.force_login(factories.ModeratorFactory())
    themes = list(Theme.objects.order_by("pk"))
    for theme, payload in zip(themes, XSS[10:], strict=False):
        for language in ("en", "es"):
            mod.post(
                f"/moderation/themes/{theme.pk}/label/",
                {"language": language, "name": payload[:100]},
            )
    mod.post(f"/moderation/themes/{themes[0].pk}/merge/", {"target": XSS[0]})
    pages = [
        "/cases/",
        story.get_absolute_url(),
        *(theme.get_absolute_url() for theme in themes),
    ]
    for page in pages:
        for language in ("en", "es"):
            cache.clear()
            response = Client().get(page, headers={"accept-language": language})
            assert response.status_code == 200, page
            assert_inert(response)
    for page in ("/moderation/themes/", f"/moderation/themes/{themes[1].pk}/"):
        response = mod.get(page)
        assert response.status_code == 200
        assert_inert(response)
    feed = Client().get(f"/cases/feed/tag/{themes[1].slug}/")
    assert b"<script" not in feed.content


# Institution editors and scoped moderators ----------------------------------------


@pytest.fixture
def editing_client(db):
    """An editor of a verified institution, signed in, and a colleague of theirs
    whose display name carries the corpus."""
    institution = factories.InstitutionFactory(slug="edited")
    editor = factories.InstitutionEditorFactory(profile__institution=institution)
    factories.MemberFactory(
        profile__institution=institution, profile__display_name=pack(100, 0)
    )
    client = Client()
    client.force_login(editor)
    return client


def test_xss_corpus_in_institution_profile_and_members_renders_inert(editing_client):
    response = editing_client.post(
        "/institutions/edited/edit/",
        {"acronym": pack(30, 1), "country": "KR", "website": "", "description": LONG},
    )
    assert response.status_code == 302
    assert_inert(editing_client.get("/institutions/edited/"))
    assert_inert(Client().get("/institutions/edited/"))
    assert_inert(editing_client.get("/institutions/edited/members/"))
    assert_inert(editing_client.get("/institutions/edited/edit/"))


@FUZZ
@given(values=st.lists(st.one_of(texts, numbers), min_size=4, max_size=4))
def test_fuzzed_institution_form_answers_with_a_form_error(editing_client, values):
    cache.clear()
    names = ["acronym", "country", "website", "description"]
    data = dict(zip(names, values, strict=True))
    response = editing_client.post("/institutions/edited/edit/", data)
    assert response.status_code in (302, 400)


@FUZZ
@given(member=st.one_of(texts, numbers), action=texts)
def test_fuzzed_member_actions_answer_4xx_or_back(editing_client, member, action):
    cache.clear()
    member, action = quote(member, safe=""), quote(action, safe="")
    response = editing_client.post(
        f"/institutions/edited/members/{member}/{action}/", {}
    )
    assert response.status_code in (302, 404)


@pytest.mark.parametrize("char", ["\x00", "%\\'\u202e"])
def test_scoped_moderator_desk_takes_awkward_characters(db, char):
    client = Client()
    client.force_login(factories.ScopedModeratorFactory())
    for path, names in LIST_FILTERS.items():
        if not path.startswith("/moderation/"):
            continue
        for name in [*names, "page"]:
            response = client.get(path, {name: f"a{char}b"})
            assert response.status_code in (200, 400, 403, 404), (path, name)
