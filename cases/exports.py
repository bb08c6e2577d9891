"""A case story in other formats: schema.org JSON-LD for search engines."""

import json

from django.utils.safestring import mark_safe
from django_countries import countries


def structured_data(request, case, dimensions, themes) -> str:
    """schema.org JSON-LD, escaped so no text can close the script element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": case.title,
        "description": case.summary,
        "url": request.build_absolute_uri(case.get_absolute_url()),
        "inLanguage": case.language,
        "dateModified": case.updated_at.isoformat(),
        "about": [d.name for d in dimensions],
        "keywords": [theme["name"] for theme in themes],
    }
    if case.published_at:
        data["datePublished"] = case.published_at.isoformat()
    if case.lead_institution:
        data["author"] = {
            "@type": "Organization",
            "name": case.lead_institution.name,
            "url": request.build_absolute_uri(case.lead_institution.get_absolute_url()),
        }
    if case.countries:
        data["spatialCoverage"] = [
            {"@type": "Country", "name": countries.name(code) or code}
            for code in case.countries
        ]
    text = json.dumps(data, ensure_ascii=False)
    escaped = text.replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(escaped.replace("&", "\\u0026"))  # noqa: S308 — escaped above
