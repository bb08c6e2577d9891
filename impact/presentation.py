"""From the cached figures to what the templates draw: labels in the reader's
language, chart geometry, and the CSV rows. No queries here."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from exchanges.models import Modality
from exchanges.regions import REGIONS

from . import charts, figures
from .reports import REPORT_SERIES

SERIES_NAMES = {
    "members": gettext_lazy("Members who joined"),
    "institutions": gettext_lazy("Institutions verified"),
    "countries": gettext_lazy("Countries joining"),
    "stories": gettext_lazy("Case stories published"),
    "exchanges": gettext_lazy("Exchanges completed"),
    "adoptions": gettext_lazy("Adoptions of stories"),
    "given": gettext_lazy("Exchanges given"),
    "received": gettext_lazy("Exchanges received"),
}


def country_name(code: str) -> str:
    return str(countries.name(code) or code)


def _yearly(years: list[int], series: dict, names) -> list[dict]:
    return [
        {
            "key": key,
            "name": SERIES_NAMES[key],
            "chart": charts.columns(years, series[key]),
            "total": sum(series[key].values()),
        }
        for key in names
    ]


def _named_flows(data: dict) -> dict:
    rows = [
        {
            **row,
            "from_name": country_name(row["from"]),
            "to_name": country_name(row["to"]),
        }
        for row in data["flows"]
    ]
    shares = sorted(
        (
            {"code": code, "name": country_name(code), **counts}
            for code, counts in data["countries"].items()
        ),
        key=lambda row: (-(row["shared"] + row["received"]), row["name"]),
    )
    return {"flows": rows, "countries": shares}


def flows(data: dict) -> dict:
    return {"map": charts.flow_map(data), **_named_flows(data)}


def community() -> dict:
    data = figures.community()
    dimensions = [(_(row["name"]), row["count"]) for row in data["dimensions"]]
    regions = [(str(REGIONS[row["slug"]][0]), row["count"]) for row in data["regions"]]
    modalities = [
        (str(Modality(key).label), data["modalities"].get(key, 0))
        for key in Modality.values
    ]
    return {
        "years": data["years"],
        "totals": [(SERIES_NAMES[key], data["totals"][key]) for key in figures.SERIES],
        "yearly": _yearly(data["years"], data["series"], figures.SERIES),
        "table_rows": [
            (year, [data["series"][key].get(year, 0) for key in figures.SERIES])
            for year in data["years"]
        ],
        "series_names": [SERIES_NAMES[key] for key in figures.SERIES],
        "dimensions": charts.bars(dimensions),
        "regions": charts.bars(regions),
        "modalities": charts.bars(modalities),
        "most_read": data["most_read"],
        "most_adapted": data["most_adapted"],
        **flows(data["flows"]),
    }


def report(data: dict) -> dict:
    return {
        **data,
        "yearly": _yearly(data["years"], data["series"], REPORT_SERIES),
        "table_rows": [
            (year, [data["series"][key].get(year, 0) for key in REPORT_SERIES])
            for year in data["years"]
        ],
        "series_names": [SERIES_NAMES[key] for key in REPORT_SERIES],
        "country_names": [country_name(code) for code in data["countries"]],
    }


def csv_rows(data: dict) -> list[tuple]:
    """``(chart, key, detail, value)``: every figure /impact/ draws."""
    rows: list[tuple] = [
        ("totals", key, "", data["totals"][key]) for key in figures.SERIES
    ]
    for key in figures.SERIES:
        rows += [
            (f"per-year:{key}", year, "", n)
            for year, n in sorted(data["series"][key].items())
        ]
    rows += [
        ("stories-per-dimension", row["slug"], "", row["count"])
        for row in data["dimensions"]
    ]
    rows += [
        ("stories-per-region", row["slug"], "", row["count"]) for row in data["regions"]
    ]
    rows += [
        ("exchanges-per-modality", key, "", data["modalities"].get(key, 0))
        for key in Modality.values
    ]
    rows += [
        ("most-read", row["slug"], row["title"], row["count"])
        for row in data["most_read"]
    ]
    rows += [
        ("most-adapted", row["slug"], row["title"], row["count"])
        for row in data["most_adapted"]
    ]
    rows += [
        (
            "flow",
            f"{row['from']}>{row['to']}",
            f"exchanges={row['exchanges']} adoptions={row['adoptions']}",
            row["count"],
        )
        for row in data["flows"]["flows"]
    ]
    return rows
