"""Two verified institutions with a member each, and the dimensions they share."""

from dataclasses import dataclass

import pytest

from cases.models import Dimension
from tests import factories


@dataclass
class Pair:
    seeker: object  # the member of the institution that wants to learn
    provider: object  # the member of the institution that shares
    dimension: object


def member_of(institution, **kwargs):
    user = factories.MemberFactory(**kwargs)
    user.profile.institution = institution
    user.profile.save(update_fields=["institution"])
    return user


@pytest.fixture
def pair(db):
    seeker = member_of(
        factories.InstitutionFactory(name="Pakistan Institute", country="PK"),
        username="seeker",
    )
    provider = member_of(
        factories.InstitutionFactory(name="Chile Fund", acronym="FOSIS", country="CL"),
        username="provider",
    )
    return Pair(seeker, provider, Dimension.objects.get(slug="measuring-results"))


def request_data(pair, **changes) -> dict:
    return {
        "member": pair.seeker,
        "title": "Monitoring and evaluation of social programmes",
        "summary": "We want to learn smart monitoring and evaluation.",
        "body": "Our **programmes** need cost-efficient tools.",
        "context": "A new national programme.",
        "needed_by": "2099-12-31",
        "dimensions": [pair.dimension],
        "tags": ["monitoring and evaluation"],
        "countries": ["pk"],
        "languages": ["en"],
        "modalities": ["peer_workshop"],
        "language": "en",
        **changes,
    }


def offer_data(pair, **changes) -> dict:
    return {
        "member": pair.provider,
        "title": "Monitoring and evaluation tools that show results",
        "summary": "How we monitor and evaluate our programmes.",
        "body": "Tools and guidance.",
        "capacity": 2,
        "dimensions": [pair.dimension],
        "tags": ["monitoring and evaluation"],
        "countries": ["CL"],
        "languages": ["en", "es"],
        "modalities": ["peer_workshop", "virtual"],
        "language": "en",
        **changes,
    }
