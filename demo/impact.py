"""Load the impact demo (``demo/data/impact.yaml``): adoptions of the demo's case
stories and completed exchanges among the seed's countries, each an illustration
traceable to a story or an offer. Safe to run any number of times: adoptions are
found by story and institution, exchanges by slug, and saved only when something
differs."""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.models import CaseStory
from exchanges.models import Exchange, ExchangeParty, KnowledgeOffer, Side
from impact.models import Adoption
from members.models import Institution

from .loading import read_data, upsert


def _ago(days: int) -> datetime.datetime:
    moment = timezone.now() - datetime.timedelta(days=days)
    return moment.replace(hour=12, minute=0, second=0, microsecond=0)


@transaction.atomic
def load() -> None:
    data = read_data("impact")
    institutions = {i.slug: i for i in Institution.objects.all()}
    stories = {s.slug: s for s in CaseStory.objects.all()}
    for spec in data["adoptions"]:
        adoption = upsert(
            None,
            Adoption,
            {
                "case_story": stories[spec["story"]],
                "institution": institutions[spec["institution"]],
            },
            {"note": " ".join(spec["note"].split()), "status": "visible"},
        )
        when = _ago(spec["days_ago"])
        if adoption.created_at.date() != when.date():
            Adoption.objects.filter(pk=adoption.pk).update(created_at=when)
    for spec in data["exchanges"]:
        _exchange(spec, institutions, stories)


def _exchange(spec: dict, institutions: dict, stories: dict) -> None:
    completed_at = _ago(spec["days_ago"])
    day = completed_at.date()
    offer = spec.get("offer")
    exchange = upsert(
        None,
        Exchange,
        {"slug": spec["slug"]},
        {
            "title": spec["title"],
            "offer": KnowledgeOffer.objects.filter(slug=offer).first()
            if offer
            else None,
            "case_story": stories.get(spec.get("story", "")),
            "modality": spec["modality"],
            "status": "completed",
        },
        create_only={
            "starts_on": day - datetime.timedelta(days=5),
            "ends_on": day,
            "completed_at": completed_at,
        },
    )
    for side, key in ((Side.PROVIDER, "provider"), (Side.SEEKER, "recipient")):
        ExchangeParty.objects.get_or_create(
            exchange=exchange,
            institution=institutions[spec[key]],
            defaults={"side": side},
        )
