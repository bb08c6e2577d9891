"""Load the knowledge exchange demo (``demo/data/exchanges.yaml``): requests,
offers and two illustrative exchanges. Safe to run any number of times: rows are
found by their slug and saved only when something differs."""

import datetime
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from cases.models import CaseStory, Dimension
from exchanges.models import (
    Exchange,
    ExchangeParty,
    KnowledgeOffer,
    KnowledgeRequest,
    Side,
)
from exchanges.services import refresh_search_vector
from members.models import Institution, User
from taxonomy.services import set_tags

DATA = Path(__file__).parent / "data" / "exchanges.yaml"
LISTING_KEYS = ("title", "summary", "body", "countries", "languages", "modalities")


@transaction.atomic
def load() -> None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    today = timezone.localdate()
    institutions = {i.slug: i for i in Institution.objects.all()}
    dimensions = {d.slug: d for d in Dimension.objects.all()}
    for spec in data["requests"]:
        values = {
            **_listing(spec, institutions),
            "context": spec.get("context", "").strip(),
            "needed_by": today + datetime.timedelta(days=spec["needed_by_in_days"]),
        }
        _save(KnowledgeRequest, spec, values, dimensions)
    offers = {}
    for spec in data["offers"]:
        values = {**_listing(spec, institutions), "capacity": spec["capacity"]}
        offers[spec["slug"]] = _save(KnowledgeOffer, spec, values, dimensions)
    for spec in data["exchanges"]:
        _exchange(spec, offers, institutions, today)


def _listing(spec: dict, institutions: dict) -> dict:
    contact = spec.get("contact")
    values = {key: spec[key] for key in LISTING_KEYS}
    values["summary"] = values["summary"].strip()
    values["body"] = values["body"].strip()
    values["institution"] = institutions.get(spec.get("institution") or "")
    values["contact"] = (
        User.objects.filter(username=contact).first() if contact else None
    )
    return values


def _save(model, spec: dict, values: dict, dimensions: dict):
    item = model.objects.filter(slug=spec["slug"]).first()
    changed = item is None or any(
        getattr(item, key) != value for key, value in values.items()
    )
    if item is None:
        item = model(slug=spec["slug"])
    if changed:
        for key, value in values.items():
            setattr(item, key, value)
        item.save()
    wanted = {dimensions[slug] for slug in spec["dimensions"]}
    if set(item.dimensions.all()) != wanted:
        item.dimensions.set(wanted)
    if set(item.tags.names()) != set(spec["themes"]):
        set_tags(item, spec["themes"], language="en")
        changed = True
    if changed:
        refresh_search_vector(item=item)
    return item


def _exchange(spec: dict, offers: dict, institutions: dict, today) -> None:
    completed = spec["status"] == Exchange.Status.COMPLETED
    values = {
        "title": spec["title"],
        "offer": offers.get(spec.get("offer")),
        "modality": spec["modality"],
        "starts_on": today + datetime.timedelta(days=spec["starts_in_days"]),
        "ends_on": today + datetime.timedelta(days=spec["ends_in_days"]),
        "status": spec["status"],
        "case_story": CaseStory.objects.filter(slug=spec.get("case_story", ""))
        .only("pk")
        .first(),
    }
    exchange = Exchange.objects.filter(slug=spec["slug"]).first()
    if exchange is None:
        exchange = Exchange(slug=spec["slug"])
    if exchange.pk is None or any(
        getattr(exchange, key) != value for key, value in values.items()
    ):
        for key, value in values.items():
            setattr(exchange, key, value)
        exchange.completed_at = (
            (exchange.completed_at or timezone.now()) if (completed) else None
        )
        exchange.save()
    results = spec.get("results", {})
    for side, key in ((Side.PROVIDER, "provider"), (Side.SEEKER, "recipient")):
        text = " ".join(results.get(key, "").split())
        party, _created = ExchangeParty.objects.get_or_create(
            exchange=exchange,
            institution=institutions[spec[key]],
            defaults={"side": side},
        )
        if party.results != text:
            party.results = text
            party.results_recorded_at = timezone.now() if text else None
            party.save()
