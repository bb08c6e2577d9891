import pytest
from django.core.cache import cache
from django.urls import reverse

from members import services
from members.models import Institution
from tests import factories

pytestmark = pytest.mark.django_db


def hidden_member(**profile):
    """A listed member who shows nothing but the display name."""
    institution = factories.InstitutionFactory(name="Secret Institute", acronym="SECI")
    user = factories.MemberFactory(
        username="hidden",
        profile__display_name="Hidden Person",
        profile__position="Secret Director",
        profile__institution=institution,
        profile__country="NZ",
        profile__bio="A secret biography.",
        profile__show_position=False,
        profile__show_institution=False,
        profile__show_country=False,
        profile__show_bio=False,
        profile__show_expertise=False,
        **profile,
    )
    user.profile.expertise.add("secret-skill")
    return user


HIDDEN_TEXTS = [
    b"Secret Director",
    b"Secret Institute",
    b"SECI",
    b"New Zealand",
    b"A secret biography",
    b"secret-skill",
]


def test_profile_page_hides_what_the_member_hides(client):
    user = hidden_member()

    response = client.get(reverse("members:profile", args=[user.username]))

    assert response.status_code == 200
    assert b"Hidden Person" in response.content
    for text in HIDDEN_TEXTS:
        assert text not in response.content


def test_profile_page_shows_what_the_member_shows(client):
    institution = factories.InstitutionFactory(name="Korea Development Institute")
    user = factories.MemberFactory(
        profile__position="Director",
        profile__institution=institution,
        profile__country="KR",
        profile__bio="Knowledge sharing.",
    )
    user.profile.expertise.add("e-learning")
    case = factories.CaseStoryFactory(author=user, title="Published story")
    factories.DraftCaseStoryFactory(author=user, title="Draft story")
    factories.PostFactory(author=user, title="Published post")
    factories.CommentFactory(author=user, body="A visible remark", target=case)
    factories.CommentFactory(author=user, body="A hidden remark", status="hidden")

    response = client.get(reverse("members:profile", args=[user.username]))

    for text in [
        b"Director",
        b"Korea Development Institute",
        b"South Korea",
        b"Knowledge sharing.",
        b"e-learning",
        b"Published story",
        b"Published post",
        b"A visible remark",
    ]:
        assert text in response.content
    assert b"Draft story" not in response.content
    assert b"A hidden remark" not in response.content


def test_profile_page_of_suspended_or_unknown_member_is_404(client, member, moderator):
    services.suspend_member(member=member, moderator=moderator, reason="Spam")

    assert (
        client.get(reverse("members:profile", args=[member.username])).status_code
        == 404
    )
    assert client.get(reverse("members:profile", args=["nobody"])).status_code == 404


def test_directory_hides_what_members_hide(client):
    hidden_member()

    response = client.get(reverse("members:directory"))

    assert b"Hidden Person" in response.content
    for text in HIDDEN_TEXTS:
        assert text not in response.content


def test_directory_filters_ignore_hidden_fields(client):
    hidden_member()

    for query in ["country=NZ", "institution=institution-0", "expertise=secret-skill"]:
        response = client.get(reverse("members:directory") + "?" + query)
        assert b"Hidden Person" not in response.content, query


def test_directory_filters_by_country_institution_and_expertise(client):
    institution = factories.InstitutionFactory(slug="kdi")
    factories.MemberFactory(profile__display_name="In Chile", profile__country="CL")
    korea = factories.MemberFactory(
        profile__display_name="At KDI",
        profile__country="KR",
        profile__institution=institution,
    )
    korea.profile.expertise.add("Results measurement")
    url = reverse("members:directory")

    def names(query: str) -> list[str]:
        html = client.get(f"{url}?{query}").content.decode()
        return [name for name in ("In Chile", "At KDI") if f">{name}</a>" in html]

    assert names("country=cl") == ["In Chile"]
    assert names("institution=kdi") == ["At KDI"]
    assert names("expertise=results-measurement") == ["At KDI"]
    assert names("country=XX&page=99") == ["In Chile", "At KDI"]


def test_directory_lists_only_listed_active_members(client, moderator):
    factories.MemberFactory(profile__display_name="Listed")
    factories.MemberFactory(
        profile__display_name="Unlisted", profile__listed_in_directory=False
    )
    suspended = factories.MemberFactory(profile__display_name="Suspended")
    services.suspend_member(member=suspended, moderator=moderator, reason="Spam")

    html = client.get(reverse("members:directory")).content.decode()

    assert ">Listed</a>" in html
    assert "Unlisted" not in html
    assert ">Suspended</a>" not in html


@pytest.mark.parametrize("rows", [5, 50])
def test_directory_query_count_is_constant(client, django_assert_num_queries, rows):
    institution = factories.InstitutionFactory()
    for profile in factories.ProfileFactory.create_batch(rows, institution=institution):
        profile.expertise.add("e-learning", "results")

    # count, the page's rows, their expertise, the facets (countries,
    # institutions, expertise)
    with django_assert_num_queries(6):
        response = client.get(reverse("members:directory"))

    assert response.content.count(b'class="card member-card"') == min(rows, 24)


def test_proposed_institution_is_invisible_until_approved(client, moderator):
    proposer = factories.MemberFactory(profile__display_name="Proposer")
    proposal = services.propose_institution(
        proposer=proposer, name="Agencia Nueva", acronym="ANUE", kind="government"
    )
    services.update_profile(user=proposer, institution=proposal)
    detail = reverse("members:institution", args=[proposal.slug])

    assert b"Agencia Nueva" not in client.get(reverse("members:institutions")).content
    assert b"ANUE" not in client.get(reverse("members:directory")).content
    assert b"ANUE" not in client.get(proposer.profile.get_absolute_url()).content
    assert client.get(detail).status_code == 404
    client.force_login(proposer)
    assert client.get(detail).status_code == 404

    services.approve_institution(institution=proposal, moderator=moderator)

    assert b"Agencia Nueva" in client.get(reverse("members:institutions")).content
    assert b"ANUE" in client.get(reverse("members:directory")).content
    assert client.get(detail).status_code == 200


def test_moderator_may_preview_a_proposed_institution(moderator_client):
    proposal = factories.InstitutionFactory(verified=False)

    response = moderator_client.get(proposal.get_absolute_url())

    assert response.status_code == 200
    assert b"not yet verified" in response.content


def test_institution_list_filters_and_counts(client):
    bank = factories.InstitutionFactory(
        name="Development Bank", kind=Institution.Kind.DEVELOPMENT_BANK, country="PH"
    )
    factories.InstitutionFactory(name="Ministry", kind=Institution.Kind.GOVERNMENT)
    factories.MemberFactory(profile__institution=bank)
    factories.MemberFactory(profile__institution=bank, profile__show_institution=False)
    factories.CaseStoryFactory(lead_institution=bank)
    factories.DraftCaseStoryFactory(lead_institution=bank)
    partnered = factories.CaseStoryFactory()
    partnered.partner_institutions.add(bank)
    url = reverse("members:institutions")

    html = client.get(url + "?kind=bank").content.decode()
    assert html.count('<article class="card">') == 1
    assert ">Development Bank</a>" in html
    assert "1 member · 2 case stories" in html
    html = client.get(url + "?country=ph").content.decode()
    assert ">Development Bank</a>" in html
    assert ">Ministry</a>" not in html
    response = client.get(url + "?kind=nonsense&country=ZZ&page=abc")
    assert response.status_code == 200
    assert ">Ministry</a>" in response.content.decode()
    assert 'value="bank"> Development bank <span class="count">(1)</span>' in (
        response.content.decode()
    )


@pytest.mark.parametrize("rows", [5, 50])
def test_institution_list_query_count_is_constant(
    client, django_assert_num_queries, rows
):
    for institution in factories.InstitutionFactory.create_batch(rows):
        factories.MemberFactory(profile__institution=institution)

    # count, the page's ids, their rows with their counts, kind and country facets
    with django_assert_num_queries(5):
        response = client.get(reverse("members:institutions"))

    assert response.content.count(b'<article class="card">') == min(rows, 30)


def test_institution_page_lists_members_cases_and_events(client):
    institution = factories.InstitutionFactory(name="Korea Development Institute")
    factories.MemberFactory(
        profile__display_name="Listed One", profile__institution=institution
    )
    factories.MemberFactory(
        profile__display_name="Unlisted One",
        profile__institution=institution,
        profile__listed_in_directory=False,
    )
    factories.CaseStoryFactory(lead_institution=institution, title="Led story")
    partnered = factories.CaseStoryFactory(title="Partner story")
    partnered.partner_institutions.add(institution)
    factories.DraftCaseStoryFactory(lead_institution=institution, title="Draft story")
    event = factories.EventFactory(title="HLM2 Seoul")
    event.organisers.add(institution)

    response = client.get(institution.get_absolute_url())

    assert response.status_code == 200
    for text in [b"Listed One", b"Led story", b"Partner story", b"HLM2 Seoul"]:
        assert text in response.content
    assert b"Unlisted One" not in response.content
    assert b"Draft story" not in response.content


def test_me_requires_sign_in(client):
    for name in ["members:me", "members:export", "members:delete"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_me_lists_registrations_and_own_writing(member_client, member):
    factories.RegistrationFactory(member=member, event__title="HLM3 Nairobi")
    factories.DraftCaseStoryFactory(author=member, title="My draft")
    factories.PostFactory(
        author=member, title="My report", status="submitted", published_at=None
    )

    response = member_client.get(reverse("members:me"))

    assert response.status_code == 200
    for text in [
        b"HLM3 Nairobi",
        b"My draft",
        b"Draft",
        b"My report",
        b"Submitted for review",
    ]:
        assert text in response.content


def test_me_bad_input_shows_errors(member_client, member):
    factories.UserFactory(username="taken")

    response = member_client.post(
        reverse("members:me"),
        {"display_name": "", "username": "taken", "preferred_language": "xx"},
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"display_name", "username", "preferred_language"} <= set(errors)


def test_me_can_propose_an_institution(member_client, member):
    response = member_client.post(
        reverse("members:me"),
        {
            "display_name": "Member",
            "username": member.username,
            "preferred_language": "en",
            "new_institution_name": "Instituto Nuevo",
            "new_institution_kind": "research",
        },
    )

    assert response.status_code == 302
    member.profile.refresh_from_db()
    assert member.profile.institution.name == "Instituto Nuevo"
    assert not member.profile.institution.verified


def test_account_pages_render(client, member):
    for name in [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert response.templates[0].name.startswith("account/"), name
    client.force_login(member)
    for name in [
        "account_email",
        "account_change_password",
        "account_logout",
        "members:delete",
    ]:
        assert client.get(reverse(name)).status_code == 200, name


def test_delete_password_guesses_are_rate_limited(member_client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reauthenticate": "2/m/user"}
    cache.clear()

    statuses = [
        member_client.post(reverse("members:delete"), {"password": "guess"}).status_code
        for _attempt in range(3)
    ]

    assert statuses == [400, 400, 429]
