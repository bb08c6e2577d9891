"""The community's figures, counted set-based in PostgreSQL through each app's
querysets and kept per content version: only published stories, completed
exchanges and shown adoptions count."""

from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import ExtractYear

from cases.models import CaseStory, Dimension
from core.pagecache import CONTENT, cached
from exchanges.models import Exchange, KnowledgeOffer, KnowledgeRequest
from exchanges.regions import REGIONS, region_of
from members.models import Institution

from .models import Adoption

SERIES = ("members", "institutions", "countries", "stories", "exchanges", "adoptions")
TOP = 5


def per_year(queryset, field: str) -> dict[int, int]:
    """``{year: count}`` of the rows, by the year of ``field``."""
    rows = (
        queryset.annotate(in_year=ExtractYear(field))
        .values("in_year")
        .annotate(count=models.Count("pk"))
        .order_by()
    )
    return {row["in_year"]: row["count"] for row in rows if row["in_year"]}


def _new_countriesper_year() -> dict[int, int]:
    """Countries counted in the year their first verified institution joined."""
    firsts = (
        Institution.objects.verified()
        .exclude(country="")
        .values("country")
        .annotate(first=models.Min(ExtractYear("created_at")))
        .order_by()
    )
    return dict(Counter(row["first"] for row in firsts))


def yearly(exchange_rows: list[dict], adoption_rows: list[dict], stories: dict):
    return {
        "members": per_year(
            get_user_model().objects.filter(is_active=True), "date_joined"
        ),
        "institutions": per_year(Institution.objects.verified(), "created_at"),
        "countries": _new_countriesper_year(),
        "stories": stories,
        "exchanges": _summed(exchange_rows, "year"),
        "adoptions": _summed(adoption_rows, "year"),
    }


def _summed(rows: list[dict], key: str) -> dict:
    totals: Counter = Counter()
    for row in rows:
        totals[row[key]] += row["count"]
    return dict(totals)


def stories_per_dimension() -> list[dict]:
    published = models.Q(case_stories__status="published")
    return list(
        Dimension.objects.annotate(
            count=models.Count("case_stories", filter=published)
        ).values("slug", "name", "count")
    )


def stories_per_year_and_region() -> tuple[dict[int, int], list[dict]]:
    """Both from one GROUP BY on the year and the list of countries (few
    distinct ones): one pass over the stories. A story in two countries of one
    region counts once there."""
    years: Counter = Counter()
    regions: Counter = Counter()
    rows = (
        CaseStory.objects.published()
        .annotate(published_in=ExtractYear("published_at"))
        .values("published_in", "countries")
        .annotate(count=models.Count("pk"))
        .order_by()
    )
    for row in rows:
        years[row["published_in"]] += row["count"]
        for region in {region_of(code) for code in row["countries"]} - {""}:
            regions[region] += row["count"]
    return dict(years), [{"slug": slug, "count": regions[slug]} for slug in REGIONS]


def most_read() -> list[dict]:
    """Through the index ``casestory_most_read``: five rows read, none sorted."""
    return list(
        CaseStory.objects.published()
        .filter(view_count__gt=0)
        .order_by("-view_count", "-published_at", "-id")
        .values("slug", "title", count=models.F("view_count"))[:TOP]
    )


def flows(*, dimension: str = "", year: int | None = None, region: str = "") -> dict:
    """Country to country: ``{"flows": [{"from", "to", "exchanges", "adoptions",
    "count"}], "countries": {code: {"shared", "received"}}}``. An exchange counts
    once for each provider and recipient institution it joined; an adoption once,
    from the story's lead institution to the adopting one."""
    exchanges = Exchange.objects.completed()
    adoptions = Adoption.objects.shown()
    if dimension:
        exchanges = exchanges.filter(
            models.Q(request__in=KnowledgeRequest.objects.in_dimension(dimension))
            | models.Q(offer__in=KnowledgeOffer.objects.in_dimension(dimension))
        )
        adoptions = adoptions.in_dimension(dimension)
    if year:
        exchanges = exchanges.completed_in(year)
        adoptions = adoptions.in_year(year)
    return joined_flows(
        exchanges.flows_between_countries(),
        adoptions.per_year_and_countries(),
        region=region,
    )


def joined_flows(exchange_rows, adoption_rows, *, region: str = "") -> dict:
    """``flows`` from the rows of both kinds, each with its ``provider_country``,
    ``recipient_country`` and ``count``; a pair with a country unknown is left out."""
    pairs: dict = defaultdict(lambda: {"exchanges": 0, "adoptions": 0})
    for kind, rows in (("exchanges", exchange_rows), ("adoptions", adoption_rows)):
        for row in rows:
            source, target = row["provider_country"], row["recipient_country"]
            if not source or not target:
                continue
            if region and region not in (region_of(source), region_of(target)):
                continue
            pairs[source, target][kind] += row["count"]
    rows = [
        {"from": source, "to": target, **counts, "count": sum(counts.values())}
        for (source, target), counts in pairs.items()
    ]
    rows.sort(key=lambda row: (-row["count"], row["from"], row["to"]))
    countries: dict = defaultdict(lambda: {"shared": 0, "received": 0})
    for row in rows:
        countries[row["from"]]["shared"] += row["count"]
        countries[row["to"]]["received"] += row["count"]
    return {"flows": rows, "countries": dict(countries)}


def _community() -> dict:
    """One query per table where it can: the stories' years and regions
    together; the adoptions' years, flows and most adapted stories together;
    the exchanges' years and modalities together."""
    exchange_rows = Exchange.objects.count_by_modality_and_year()
    adoptions = Adoption.objects.shown().figures(top=TOP)
    adoption_rows = adoptions["per_year_and_countries"]
    stories_per_year, regions = stories_per_year_and_region()
    series = yearly(exchange_rows, adoption_rows, stories_per_year)
    years = sorted({year for counts in series.values() for year in counts})
    return {
        "years": years,
        "series": series,
        # Every row has its date (joined, verified, published, completed, adapted).
        "totals": {key: sum(counts.values()) for key, counts in series.items()},
        "dimensions": stories_per_dimension(),
        "regions": regions,
        "modalities": _summed(exchange_rows, "modality"),
        "most_read": most_read(),
        "most_adapted": adoptions["most_adapted"],
        "flows": joined_flows(
            Exchange.objects.completed().flows_between_countries(), adoption_rows
        ),
    }


def community() -> dict:
    """Everything /impact/ shows, once per content version."""
    return cached("impact", (), _community, scopes=(CONTENT,), in_process=True)


def filtered_flows(**active) -> dict:
    return cached(
        "impact-flows",
        tuple(sorted(active.items())),
        lambda: flows(**active),
        scopes=(CONTENT,),
    )
