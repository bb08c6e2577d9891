"""A listed request's or offer's page is shared by the members of one kind,
language and situation before it, and the page around the list by every reader
of one kind and language (``core.holes.render_shared``): each reads as the
template renders it for its reader alone, the reader parts filled."""

import pytest
from django.shortcuts import render

from core import holes
from core.pagecache import CONTENT, renew_version
from exchanges import services
from tests import factories
from tests.exchanges.conftest import member_of, offer_data, request_data
from tests.shared_pages import page_as

pytestmark = pytest.mark.django_db
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
        (who, url): page_as(user, language, url)
        for who, user in readers.items()
        for url in urls
    }
    renew_version(CONTENT)  # each page again, rendered for its reader alone
    monkeypatch.setattr(holes, "render_shared", _alone)
    for (who, url), shared in pages.items():
        assert shared == page_as(readers[who], language, url), (who, url)
    assert not [
        page
        for (_who, url), page in pages.items()
        if "kshub-hole" in page and "q=" not in url
    ]
    assert "<script>alert" not in "".join(pages.values())
