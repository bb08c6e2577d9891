"""Suggestions as the arrays of the content version score them: who is left
out, what the reasons say, and that the bounded candidates keep the best."""

import pytest

from cases.models import Dimension
from exchanges import matching, services
from tests import factories
from tests.exchanges.conftest import member_of, offer_data, request_data

pytestmark = pytest.mark.django_db


def test_offer_suggests_open_requests_of_other_institutions_only(pair):
    offer = services.create_offer(**offer_data(pair))
    wanted = services.create_request(**request_data(pair))
    closed = services.create_request(**request_data(pair, title="Closed one"))
    services.close_request(request=closed, member=pair.seeker, status="withdrawn")
    services.create_request(**request_data(pair, member=pair.provider, title="Own"))
    suggested = matching.requests_for(offer)
    assert [s.item.pk for s in suggested] == [wanted.pk]
    assert suggested[0].reasons[:2] == [
        "same dimension: Measuring results",
        "theme: monitoring and evaluation",
    ]


def test_stories_are_published_ones_sharing_a_dimension_or_theme(pair):
    request = services.create_request(**request_data(pair))
    themed = factories.CaseStoryFactory(tags=["monitoring and evaluation"])
    both = factories.CaseStoryFactory(
        dimensions=[pair.dimension], tags=["monitoring and evaluation"]
    )
    factories.CaseStoryFactory(dimensions=[pair.dimension], status="draft")
    factories.CaseStoryFactory(
        dimensions=[Dimension.objects.get(slug="learning-culture")]
    )
    suggested = matching.stories_for(request)
    assert [s.item.pk for s in suggested] == [both.pk, themed.pk]
    assert suggested[1].reasons[0] == "theme: monitoring and evaluation"


def test_institutions_count_the_stories_they_lead_never_the_requester(pair):
    request = services.create_request(**request_data(pair))
    leader = factories.InstitutionFactory(name="Leader", verified=True)
    unverified = factories.InstitutionFactory(name="Unverified", verified=False)
    for lead in (leader, leader, unverified, pair.seeker.profile.institution):
        factories.CaseStoryFactory(lead_institution=lead, dimensions=[pair.dimension])
    suggested = matching.institutions_for(request)
    assert [s.item for s in suggested] == [leader]
    assert "2 published stories" in suggested[0].reasons


def test_bounded_candidates_keep_the_best_by_structure(pair, monkeypatch):
    monkeypatch.setattr(matching, "CANDIDATES", 2)
    other = Dimension.objects.get(slug="learning-culture")
    request = services.create_request(
        **request_data(pair, dimensions=[pair.dimension, other])
    )
    for n in range(4):
        services.create_offer(**offer_data(pair, title=f"One dimension {n}", tags=[]))
    best = services.create_offer(
        **offer_data(pair, title="Both", dimensions=[pair.dimension, other])
    )
    third = member_of(factories.InstitutionFactory(verified=True))
    services.create_offer(
        **offer_data(
            pair, member=third, title="Other dimension and theme", dimensions=[other]
        )
    )
    suggested = matching.offers_for(request)
    assert len(suggested) == 2
    assert suggested[0].item.pk == best.pk
    assert suggested[1].item.title == "Other dimension and theme"
