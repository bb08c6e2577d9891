"""One institution's impact report: what it shared, how often it was read and
discussed, who adapted its stories, the exchanges it gave and received, and the
countries it reached, year by year. Counted set-based, kept per content version."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import ExtractYear

from cases.models import CaseStory
from comments.models import Comment
from core.pagecache import EVERYTHING, cached
from exchanges.models import Exchange, ExchangeParty
from members.models import Institution

from .models import Adoption

REPORT_SERIES = ("stories", "adoptions", "given", "received")


def _stories(institution):
    """Its published stories, led or partnered: through the index on the lead
    and the ids of its partnerships (few), never a pass over every story."""
    partnered = CaseStory.partner_institutions.through.objects.filter(
        institution=institution
    ).values_list("casestory_id", flat=True)
    return CaseStory.objects.published().filter(
        models.Q(lead_institution=institution) | models.Q(pk__in=list(partnered))
    )


def _exchanges_per_year(institution) -> dict[str, Counter]:
    """``{"given": {year: n}, "received": {year: n}}`` of the completed
    exchanges it stood in, in one GROUP BY over its parties (one an exchange)."""
    rows = (
        ExchangeParty.objects.filter(
            institution=institution, exchange__in=Exchange.objects.completed()
        )
        .values("side", year=ExtractYear("exchange__completed_at"))
        .annotate(count=models.Count("pk"))
        .order_by()
    )
    counts: dict[str, Counter] = {"given": Counter(), "received": Counter()}
    for row in rows:
        key = "given" if row["side"] == "provider" else "received"
        counts[key][row["year"]] += row["count"]
    return counts


def _partners(institution) -> list[dict]:
    """The other side of each completed exchange: ``{"slug", "name", "country",
    "given", "received"}``."""
    partners: dict = {}
    for row in Exchange.objects.completed().involving(institution).flows():
        if institution.slug == row["provider"]:
            other, country, key = row["recipient"], row["recipient_country"], "given"
        elif institution.slug == row["recipient"]:
            other, country, key = row["provider"], row["provider_country"], "received"
        else:
            continue
        entry = partners.setdefault(
            other, {"country": country, "given": 0, "received": 0}
        )
        entry[key] += row["count"]
    names = dict(
        Institution.objects.filter(slug__in=partners).values_list("slug", "name")
    )
    return [
        {"slug": slug, "name": names.get(slug, slug), **entry}
        for slug, entry in sorted(partners.items())
    ]


def _dated(counts: Counter) -> dict[int, int]:
    return {year: n for year, n in counts.items() if year}


def _adopters(stories) -> list[dict]:
    """Who adapted these stories, shown adoptions only."""
    return list(
        Adoption.objects.shown()
        .filter(case_story__in=stories.values("pk"))
        .order_by("institution__name", "case_story__title")
        .values(
            "case_story__slug",
            "case_story__title",
            "institution__slug",
            "institution__name",
            "institution__country",
            "created_at",
        )
    )


def _report(institution) -> dict:
    """Only its own rows are read: its stories, their adoptions and comments,
    its exchanges."""
    stories = _stories(institution)
    story_rows = list(
        stories.order_by("-view_count", "title").values(
            "slug", "title", "view_count", "published_at"
        )
    )
    adopters = _adopters(stories)
    comments = Comment.objects.visible().filter(
        content_type=ContentType.objects.get_for_model(CaseStory),
        object_id__in=stories.values("pk"),
    )
    exchanges = _exchanges_per_year(institution)
    partners = _partners(institution)
    reached = {row["institution__country"] for row in adopters}
    reached |= {row["country"] for row in partners if row["given"]}
    reached.discard("")
    reached.discard(institution.country)
    series = {
        "stories": _dated(Counter(row["published_at"].year for row in story_rows)),
        "adoptions": _dated(Counter(row["created_at"].year for row in adopters)),
        "given": _dated(exchanges["given"]),
        "received": _dated(exchanges["received"]),
    }
    return {
        "totals": {
            "stories": len(story_rows),
            "views": sum(row["view_count"] for row in story_rows),
            "comments": comments.count(),
            "adoptions": len(adopters),
            "given": exchanges["given"].total(),
            "received": exchanges["received"].total(),
            "countries": len(reached),
        },
        "stories": [
            {key: row[key] for key in ("slug", "title", "view_count")}
            for row in story_rows
        ],
        "adopters": adopters,
        "partners": partners,
        "countries": sorted(reached),
        "years": sorted({year for counts in series.values() for year in counts}),
        "series": series,
        "adoption_countries": Counter(
            row["institution__country"]
            for row in adopters
            if row["institution__country"]
        ),
    }


def institution_report(institution) -> dict:
    return cached(
        "impact-report",
        (institution.pk,),
        lambda: _report(institution),
        scopes=EVERYTHING,
    )
