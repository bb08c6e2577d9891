"""schema.org node of a published case story: an Article."""

from collections.abc import Callable

from django_countries import countries

from core.structured_data import node
from members.structured_data import organization

from .models import CaseStory


def case_story(
    case: CaseStory, dimensions, tags, absolute: Callable[[str], str]
) -> dict:
    return node(
        "Article",
        headline=case.title,
        description=case.summary,
        url=absolute(case.get_absolute_url()),
        inLanguage=case.language,
        datePublished=case.published_at,
        dateModified=case.updated_at,
        about=[dimension.name for dimension in dimensions],
        keywords=[tag.name for tag in tags],
        author=organization(case.lead_institution, absolute)
        if case.lead_institution
        else None,
        spatialCoverage=[
            node("Country", name=countries.name(code) or code)
            for code in case.countries
        ],
    )
