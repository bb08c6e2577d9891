"""The member directory and the institution list as their caches serve them: an
address's parameters in another order, or with one the page does not read, make
no new copy and read no row again; a change shows at once; the cards show what
members chose to show, escaped, in the reader's language."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members import services
from tests import factories

pytestmark = pytest.mark.django_db


def _member_client() -> Client:
    client = Client()
    client.force_login(factories.MemberFactory())
    return client


def _queries(client: Client, address: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    ("first", "others"),
    [
        (
            "/members/?country=CL&expertise=e-learning",
            [
                "/members/?expertise=e-learning&country=cl",
                "/members/?country=CL&expertise=e-learning&r=1&page=1",
            ],
        ),
        (
            "/institutions/?kind=bank&country=CL",
            [
                "/institutions/?country=CL&kind=bank&utm_source=mail",
                "/institutions/?country=CL&kind=bank&page=1&r=2",
            ],
        ),
    ],
)
def test_addresses_that_read_alike_share_one_copy(first, others):
    factories.MemberFactory(
        profile__country="CL",
        profile__institution=factories.InstitutionFactory(kind="bank", country="CL"),
    )
    visitor = Client()
    visitor.get(first)
    for address in others:
        assert visitor.get(address)["X-Cache"] == "hit", address

    member = _member_client()
    member.get(first)
    for address in others:
        # The member's own records only: no profile or institution is read.
        read = _queries(member, address)
        assert not [
            sql
            for sql in read
            if '"members_profile"' in sql or '"members_institution"' in sql
        ], address


def test_a_new_member_is_listed_at_once_on_a_kept_page():
    member = _member_client()
    assert ">Newcomer</a>" not in member.get("/members/").content.decode()

    factories.MemberFactory(profile__display_name="Newcomer")

    assert ">Newcomer</a>" in member.get("/members/").content.decode()


def test_hiding_a_field_shows_at_once_on_a_kept_page():
    shown = factories.MemberFactory(
        profile__display_name="Shown", profile__position="Chief economist"
    )
    member = _member_client()
    assert "Chief economist" in member.get("/members/").content.decode()

    services.update_profile(user=shown, show_position=False)

    assert "Chief economist" not in member.get("/members/").content.decode()


def test_member_card_escapes_and_speaks_the_readers_language():
    factories.MemberFactory(
        profile__display_name="<b>Bold</b> & co", profile__country="CL"
    )
    factories.MemberFactory(
        profile__display_name="Private",
        profile__show_position=False,
        profile__show_institution=False,
        profile__show_country=False,
    )
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = visitor.get("/members/").content.decode()

    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert "<b>Bold</b>" not in html
    assert "Chili" in html
    assert "Membre de la communauté · garde ses informations privées" in html


def test_unverified_institution_is_shown_on_no_member_card():
    proposed = factories.InstitutionFactory(
        name="Proposed Agency", acronym="PAG", verified=False
    )
    factories.MemberFactory(
        profile__display_name="Proposer", profile__institution=proposed
    )

    html = Client().get("/members/").content.decode()

    assert ">Proposer</a>" in html
    assert "PAG" not in html
    assert "Proposed Agency" not in html


def test_institution_list_pages_count_only_their_own_rows():
    for n in range(35):
        factories.InstitutionFactory(name=f"Agency {n:02}")

    page = Client().get("/institutions/?page=2").content.decode()

    assert page.count('<article class="card">') == 5
    assert ">Agency 30</a>" in page
    assert "Page 2 of 2" in page
    assert 'href="?page=1"' in page


def test_pages_past_the_last_share_the_last_pages_copy():
    factories.MemberFactory(profile__display_name="Only One")
    member = _member_client()
    member.get("/members/?page=1")

    read = _queries(member, "/members/?page=7")

    assert not [sql for sql in read if '"members_profile"' in sql], read
    assert ">Only One</a>" in member.get("/members/?page=9").content.decode()
