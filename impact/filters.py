"""The flows page's filters: a value that names nothing is ignored."""

import re

from cases.models import Dimension
from exchanges.regions import REGIONS

FIRST_YEAR, LAST_YEAR = 1990, 2100
SLUG = re.compile(r"[-a-z0-9_]{1,50}")


def active_filters(query) -> dict:
    active: dict = {}
    dimension = query.get("dimension", "").strip()
    if SLUG.fullmatch(dimension) and Dimension.objects.filter(slug=dimension).exists():
        active["dimension"] = dimension
    year = query.get("year", "").strip()
    if year.isascii() and year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR:
        active["year"] = int(year)
    region = query.get("region", "").strip()
    if region in REGIONS:
        active["region"] = region
    return active
