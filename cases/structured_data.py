"""schema.org node of a published case story: an Article."""

from collections.abc import Callable

from django_countries import countries

from core.structured_data import node, page_data
from members.structured_data import organization

from .models import CaseStory


def case_story(
    case: CaseStory, dimensions, themes, absolute: Callable[[str], str]
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
        keywords=[theme["name"] for theme in themes],
        author=organization(case.lead_institution, absolute)
        if case.lead_institution
        else None,
        spatialCoverage=[
            node("Country", name=countries.name(code) or code)
            for code in case.countries
        ],
    )


def story_page(story: dict, absolute: Callable[[str], str]) -> str:
    """A story page's data: only a published story is described."""
    case = story["case"]
    if not case.is_published:
        return ""
    return page_data(case_story(case, story["dimensions"], story["themes"], absolute))
