"""What a list of case stories shows, read from the page as a reader sees it."""

import re
from html import unescape

from cases.models import CaseStory

CARD_LINK = re.compile(r'<article class="card">\s*<h3 lang="[^"]*"><a href="([^"]+)">')


def stories(response) -> list[CaseStory]:
    """The stories whose cards the page shows, in its order."""
    slugs = [
        unescape(link).rstrip("/").rsplit("/", 1)[-1]
        for link in CARD_LINK.findall(response.text)
    ]
    found = CaseStory.objects.in_bulk(slugs, field_name="slug")
    return [found[slug] for slug in slugs]
