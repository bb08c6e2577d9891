"""What a result page and the benchmark show: scores, change, peers, who can help."""

import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

import yaml
from django.db.models import Case, CharField, Count, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import CaseStory, Dimension
from exchanges.models import KnowledgeOffer
from members.models import Institution

from .models import Assessment, DimensionResult
from .questionnaire import in_language

STRONG = 3.0  # at or above: a strength, and a peer who can help
GAP = 2.5  # below: a gap
MAX_GAPS = 3  # gaps with recommendations on one page
PEERS_SHOWN = 3


@cache
def regions() -> list[dict]:
    path = Path(__file__).resolve().parent / "regions.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["regions"]


def region_of(country: str) -> str:
    for region in regions():
        if country in region["countries"].split():
            return region["key"]
    return ""


def region_names() -> dict[str, str]:
    return {region["key"]: in_language(region["name"]) for region in regions()}


def region_expression(field_name: str) -> Case:
    """The region of an institution's country, computed in SQL."""
    return Case(
        *[
            When(
                **{f"{field_name}__in": region["countries"].split()},
                then=Value(region["key"]),
            )
            for region in regions()
        ],
        default=Value(""),
        output_field=CharField(),
    )


@dataclass
class Row:
    dimension: Dimension
    score: float | None
    note: str = ""
    previous: float | None = None
    median: float | None = None
    median_kind: float | None = None
    median_region: float | None = None

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return round(self.score - self.previous, 2)

    @property
    def percent(self) -> int:
        return round((self.score or 0) / 4 * 100)


@dataclass
class Result:
    assessment: Assessment
    rows: list[Row]
    previous: Assessment | None = None
    helpers: list[dict] = field(default_factory=list)

    @property
    def strengths(self) -> list[Row]:
        return [row for row in self.rows if (row.score or 0) >= STRONG]

    @property
    def gaps(self) -> list[Row]:
        gaps = [row for row in self.rows if row.score is not None and row.score < GAP]
        return sorted(gaps, key=lambda row: row.score)


def rows_of(assessment: Assessment) -> list[Row]:
    results = DimensionResult.objects.filter(assessment=assessment).select_related(
        "dimension"
    )
    return [
        Row(
            result.dimension,
            float(result.score) if result.score is not None else None,
            result.note,
        )
        for result in sorted(results, key=lambda item: item.dimension.position)
    ]


def previous_of(assessment: Assessment) -> Assessment | None:
    if assessment.submitted_at is None:
        return None
    return (
        Assessment.objects.submitted()
        .filter(
            institution_id=assessment.institution_id,
            submitted_at__lt=assessment.submitted_at,
        )
        .order_by("-submitted_at")
        .first()
    )


def result_for(assessment: Assessment, *, user) -> Result:
    rows = rows_of(assessment)
    previous = previous_of(assessment)
    if previous is not None:
        before = dict(
            previous.results.filter(score__isnull=False).values_list(
                "dimension_id", "score"
            )
        )
        for row in rows:
            if row.dimension.pk in before:
                row.previous = float(before[row.dimension.pk])
    _add_medians(rows, assessment.institution)
    result = Result(assessment, rows, previous)
    result.helpers = [
        helpers_for(row, assessment.institution, user=user)
        for row in result.gaps[:MAX_GAPS]
    ]
    return result


def _add_medians(rows: list[Row], institution: Institution) -> None:
    region = region_of(str(institution.country))
    medians = benchmark()
    for row in rows:
        figures = medians["all"].get(row.dimension.pk, {})
        row.median = figures.get("")
        row.median_kind = (
            medians["kind"].get(row.dimension.pk, {}).get(institution.kind)
        )
        if region:
            row.median_region = medians["region"].get(row.dimension.pk, {}).get(region)


def benchmark() -> dict[str, dict[int, dict[str, float]]]:
    """Medians per dimension over all institutions, by kind and by region, only
    where at least MIN_GROUP institutions stand behind a figure."""
    queryset = DimensionResult.objects.annotate(
        region=region_expression("assessment__institution__country")
    )
    figures = {"all": {}, "kind": {}, "region": {}}
    for row in DimensionResult.objects.medians():
        figures["all"].setdefault(row["dimension_id"], {})[""] = row["median"]
    for row in DimensionResult.objects.medians("assessment__institution__kind"):
        figures["kind"].setdefault(row["dimension_id"], {})[
            row["assessment__institution__kind"]
        ] = row["median"]
    for row in queryset.medians("region"):
        if row["region"]:
            figures["region"].setdefault(row["dimension_id"], {})[row["region"]] = row[
                "median"
            ]
    return figures


def helpers_for(row: Row, institution: Institution, *, user) -> dict:
    """For one gap: published stories on that dimension, institutions that wrote
    them, institutions that showed they are strong there, the open offers on it,
    and the address of a knowledge request prefilled with the gap."""
    stories = list(
        CaseStory.objects.published()
        .in_dimension(row.dimension.slug)
        .exclude(lead_institution=institution)
        .select_related("lead_institution")
        .order_by("-published_at", "-pk")[:PEERS_SHOWN]
    )
    authors = list(
        Institution.objects.verified()
        .exclude(pk=institution.pk)
        .filter(
            led_case_stories__status="published",
            led_case_stories__dimensions=row.dimension,
        )
        .annotate(story_count=Count("led_case_stories"))
        .order_by("-story_count", "name")[:PEERS_SHOWN]
    )
    strong = list(
        DimensionResult.objects.filter(
            dimension=row.dimension,
            score__gte=STRONG,
            assessment__in=Assessment.objects.latest_per_institution().shown_to_peers(
                user
            ),
        )
        .exclude(assessment__institution=institution)
        .select_related("assessment__institution")
        .order_by("-score", "assessment__institution__name")[:PEERS_SHOWN]
    )
    offers = list(
        KnowledgeOffer.objects.active()
        .in_dimension(row.dimension.slug)
        .exclude(institution=institution)
        .select_related("institution")
        .only("slug", "title", "institution__name", "institution__acronym")
        .order_by("-created_at", "-pk")[:PEERS_SHOWN]
    )
    return {
        "row": row,
        "stories": stories,
        "authors": authors,
        "strong": strong,
        "offers": offers,
        "ask_url": ask_for_help_url(row),
    }


def ask_for_help_url(row: Row) -> str:
    """The new knowledge request form, prefilled with the dimension of a gap, a
    summary, and the institution's note on it as what it wants to learn."""
    names = {"dimension": row.dimension}
    summary = (
        _(
            "Our self-assessment found a gap in %(dimension)s: we would like to "
            "learn from institutions that are strong there."
        )
        % names
    )
    query = {
        "title": _("Learning to strengthen: %(dimension)s") % names,
        "dimension": row.dimension.slug,
        "summary": summary,
        "body": row.note or summary,
    }
    return f"{reverse('exchanges:request-create')}?{urlencode(query)}"


def radar(rows: list[Row], *, size: int = 320) -> dict:
    """Points of a radar chart: one axis per dimension, 0 at the centre, 4 at the
    rim; the figures are also given in a table beside it."""
    centre, radius = size / 2, size / 2 - 40
    count = max(len(rows), 1)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = radius * value / 4
        return (
            round(centre + distance * math.cos(angle), 1),
            round(centre + distance * math.sin(angle), 1),
        )

    def polygon(values: list[float]) -> str:
        return " ".join(f"{x},{y}" for x, y in map(point, range(count), values))

    axes = [
        {"end": point(index, 4), "label": point(index, 4.55), "number": index + 1}
        for index in range(len(rows))
    ]
    previous = [row.previous for row in rows]
    return {
        "size": size,
        "rings": [polygon([level] * count) for level in (1, 2, 3, 4)],
        "axes": axes,
        "centre": (centre, centre),
        "scores": polygon([row.score or 0 for row in rows]),
        "previous": polygon(previous) if all(v is not None for v in previous) else "",
    }
