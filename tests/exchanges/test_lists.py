"""The /exchange/ list and a listing's page as their caches serve them: a new
listing appears at once, an address's parameters in any order or with ones the
page does not read make no new copy, a card says what the item is."""

import itertools
import random

import numpy as np
import pytest
from django.conf import settings
from django.test import Client

from cases.facet_index import Facet
from cases.models import Dimension
from exchanges import listing_index, services
from exchanges.listing_index import MODELS
from exchanges.lists import Listings
from tests.exchanges.conftest import offer_data, request_data

pytestmark = pytest.mark.django_db


def _member(pair):
    client = Client()
    client.force_login(pair.seeker)
    return client


def test_visitors_cached_list_shows_a_new_request_at_once(pair):
    services.create_offer(**offer_data(pair))
    visitor = Client()
    assert visitor.get("/exchange/").headers.get("X-Cache") is None
    assert visitor.get("/exchange/")["X-Cache"] == "hit"
    request = services.create_request(**request_data(pair))
    page = visitor.get("/exchange/")
    assert page.headers.get("X-Cache") is None
    assert request.title in page.content.decode()


def test_members_list_shows_a_new_request_at_once(pair):
    member = _member(pair)
    assert member.get("/exchange/").context["page_obj"].paginator.count == 0
    request = services.create_request(**request_data(pair))
    page = member.get("/exchange/")
    assert request.title in page.content.decode()
    assert page.context["page_obj"].paginator.count == 1


def test_unknown_parameters_and_their_order_make_no_new_cache_entry(pair):
    services.create_request(**request_data(pair))
    visitor = Client()
    visitor.get("/exchange/?kind=request&language=en")
    for address in (
        "/exchange/?language=en&kind=request",
        "/exchange/?kind=request&language=en&utm_source=mail",
        "/exchange/?kind=request&language=en&page=1",
        "/exchange/?kind=request&language=en&modality=nothing",
    ):
        assert visitor.get(address)["X-Cache"] == "hit", address


def test_card_says_kind_status_place_date_and_dimensions_in_the_readers_language(
    pair,
):
    services.create_request(**request_data(pair, needed_by="2099-12-31"))
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    body = visitor.get("/exchange/").content.decode()
    card = body[body.index('<article class="card">') :]
    card = card[: card.index("</article>")]
    for text in ("Demande", "Ouverte", "· Pakistan ·", "avant le 31", "Mesure des"):
        assert text in card, card


def test_a_member_reads_their_own_thread_on_a_cached_page(pair):
    request = services.create_request(**request_data(pair))
    Client().get(request.get_absolute_url())  # the page's shared parts kept
    helper = Client()
    helper.force_login(pair.provider)
    assert b"I can help" in helper.get(request.get_absolute_url()).content
    thread = services.offer_help(member=pair.provider, request=request, message="Hi")
    page = helper.get(request.get_absolute_url()).content.decode()
    assert thread.get_absolute_url() in page
    assert b"I can help" not in helper.get(request.get_absolute_url()).content


def test_the_index_lists_what_the_sql_filters_list(pair):
    other = Dimension.objects.get(slug="learning-culture")
    services.create_request(**request_data(pair))
    services.create_request(
        **request_data(pair, title="Spanish", languages=["es"], countries=["MX"])
    )
    closed = services.create_request(**request_data(pair, title="Closed"))
    services.close_request(request=closed, member=pair.seeker, status="withdrawn")
    services.create_offer(**offer_data(pair))
    services.create_offer(
        **offer_data(
            pair, title="Visit", dimensions=[other], modalities=["study_visit"]
        )
    )
    combinations = itertools.product(
        ("", "request", "offer"),
        ("", pair.dimension.slug, other.slug),
        ("", "monitoring-and-evaluation"),
        ("", "PK", "CL"),
        ("", "south-asia", "latin-america-caribbean"),
        ("", "es"),
        ("", "study_visit"),
        ("", "matched", "closed"),
    )
    names = ("kind", "dimension", "tag", "country", "region", "language")
    for values in combinations:
        active = {
            n: v
            for n, v in zip((*names, "modality", "status"), values, strict=True)
            if v
        }
        sql = {
            (kind, pk)
            for kind, model in MODELS.items()
            if active.get("kind", kind) == kind
            for pk in model.objects.filtered(**active).values_list("pk", flat=True)
        }
        listings = Listings(active)
        assert set(listings[0 : len(listings)]) == sql, active


def test_counts_of_few_matches_are_those_of_a_pass_over_every_listing():
    rng = random.Random(7)
    size = 400
    values = {
        value: sorted(rng.sample(range(size), rng.randrange(0, 120)))
        for value in ("en", "es", "fr", "pt")
    }
    ids = np.arange(1, size + 1, dtype=np.int64)
    index = listing_index.ListingIndex(
        size=size,
        offers=np.zeros(size, dtype=bool),
        ids=ids,
        keys=ids * 2,
        institutions=np.zeros(size, dtype=np.int64),
        facets={"language": Facet.of(values)},
        dimensions=[],
        verified={},
    )
    for matches in (0, 1, 5, 30, 200, 299, 301, size):
        within = np.zeros(size, dtype=bool)
        within[rng.sample(range(size), matches)] = True
        expected = {
            value: count
            for value, places in values.items()
            if (count := int(within[places].sum()))
        }
        assert index.counts("language", within) == expected
