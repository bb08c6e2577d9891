"""One institution's impact report: what it shared, how often it was read and
discussed, who adapted its stories, the exchanges it gave and received, and the
countries it reached, year by year. Counted set-based, kept per content version."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cases.models import CaseStory
from comments.models import Comment
from core.pagecache import EVERYTHING, cached
from exchanges.models import Exchange
from members.models import Institution

from .figures import per_year
from .models import Adoption

REPORT_SERIES = ("stories", "adoptions", "given", "received")


def _exchanges(institution, side: str):
    """Completed exchanges where ``institution`` stood on ``side``."""
    return Exchange.objects.completed().filter(
        pk__in=Exchange.objects.involving(institution)
        .filter(parties__institution=institution, parties__side=side)
        .values("pk")
    )


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


def _report(institution) -> dict:
    stories = CaseStory.objects.published().by_institution(institution.slug)
    adoptions = Adoption.objects.shown().of_stories_by(institution)
    given, received = (
        _exchanges(institution, "provider"),
        _exchanges(institution, "seeker"),
    )
    comments = Comment.objects.visible().filter(
        content_type=ContentType.objects.get_for_model(CaseStory),
        object_id__in=stories.values("pk"),
    )
    adopters = list(
        adoptions.order_by("institution__name", "case_story__title").values(
            "case_story__slug",
            "case_story__title",
            "institution__slug",
            "institution__name",
            "institution__country",
        )
    )
    partners = _partners(institution)
    reached = {row["institution__country"] for row in adopters}
    reached |= {row["country"] for row in partners if row["given"]}
    reached.discard("")
    reached.discard(institution.country)
    series = {
        "stories": per_year(stories, "published_at"),
        "adoptions": per_year(adoptions, "created_at"),
        "given": per_year(given, "completed_at"),
        "received": per_year(received, "completed_at"),
    }
    return {
        "totals": {
            "stories": stories.count(),
            "views": stories.aggregate(n=models.Sum("view_count"))["n"] or 0,
            "comments": comments.count(),
            "adoptions": len(adopters),
            "given": given.count(),
            "received": received.count(),
            "countries": len(reached),
        },
        "stories": list(
            stories.order_by("-view_count", "title").values(
                "slug", "title", "view_count"
            )
        ),
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
