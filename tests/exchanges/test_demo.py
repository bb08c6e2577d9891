import pytest

from demo.content import load_demo
from demo.exchanges import load
from exchanges.models import Exchange, KnowledgeOffer, KnowledgeRequest

pytestmark = pytest.mark.django_db


def test_demo_shows_the_seed_request_offers_and_exchanges_idempotently():
    load_demo()
    load()
    request = KnowledgeRequest.objects.get(slug="regional-meeting-in-pakistan")
    assert "organize a meeting in Pakistan" in request.body
    assert request.contact.username == "mirza-abdul-shakoor"
    assert set(KnowledgeOffer.objects.values_list("institution__slug", flat=True)) == {
        "fosis",
        "dane",
        "oportunidades",
        "ksp",
    }
    completed = Exchange.objects.completed().get(
        slug="illustration-coordination-ksp-cips"
    )
    assert completed.case_story.slug == "cips-coordination-mechanisms"
    assert completed.case_story.status == "published"
    assert Exchange.objects.current().count() == 1
    stamps = list(KnowledgeOffer.objects.values_list("updated_at", flat=True))
    load()
    assert list(KnowledgeOffer.objects.values_list("updated_at", flat=True)) == stamps
    assert KnowledgeRequest.objects.count() == 1
