"""A listed request's or offer's page is shared by the members of one kind,
language and situation before it, and the page around the list by every reader
of one kind and language (``core.holes.render_shared``): each reads as the
template renders it for its reader alone, the reader parts filled."""

import re

import pytest
from django.shortcuts import render
from django.test import Client

from core import holes
from core.pagecache import CONTENT, renew_version
from exchanges import services
from tests import factories
from tests.exchanges.conftest import member_of, offer_data, request_data

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
EVIL = '"><script>alert(1)</script> kshub-hole-csrf'


def _alone(request, template_name, own, situation=None):
    """The page as it was rendered before it was shared: the reader parts filled
    with the request's own values, the whole template rendered for it."""
    context = {**(situation.context if situation else {}), **own}
    if "reader" in context:
        context["reader"] = {
            name: holes.fill(html, request) for name, html in context["reader"].items()
        }
    return render(request, template_name, context)


def _page(user, language: str, url: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return TOKEN.sub("TOKEN", response.text)


@pytest.fixture
def readers(pair, moderator):
    wanted = services.create_request(**request_data(pair))
    offered = services.create_offer(**offer_data(pair))
    helper = member_of(factories.InstitutionFactory(name="Helpers", country="KE"))
    services.offer_help(member=helper, request=wanted, message="We did this.")
    readers = {
        "visitor": None,
        "contact": pair.seeker,
        "colleague": member_of(pair.seeker.profile.institution),
        "provider": pair.provider,
        "helper": helper,
        "moderator": moderator,
        "no institution": factories.MemberFactory(),
    }
    urls = [
        wanted.get_absolute_url(),
        f"{wanted.get_absolute_url()}?q={EVIL}",
        offered.get_absolute_url(),
        "/exchange/",
        f"/exchange/?kind=request&q={EVIL}",
        '/exchange/?dimension=measuring-results&country=pk&q=x"y&modality=virtual',
    ]
    return readers, urls


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_listing_page_reads_as_the_template_renders_it(
    readers, language, monkeypatch
):
    readers, urls = readers
    pages = {
        (who, url): _page(user, language, url)
        for who, user in readers.items()
        for url in urls
    }
    renew_version(CONTENT)  # each page again, rendered for its reader alone
    monkeypatch.setattr(holes, "render_shared", _alone)
    for (who, url), shared in pages.items():
        assert shared == _page(readers[who], language, url), (who, url)
    assert not [
        page
        for (_who, url), page in pages.items()
        if "kshub-hole" in page and "q=" not in url
    ]
    assert "<script>alert" not in "".join(pages.values())
