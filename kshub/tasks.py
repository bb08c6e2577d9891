"""Background work of the site: the search lexicon rebuilt from the content."""

from django.tasks import task

from core import lexicon

from .search import lexicon_sources


@task
def refresh_search_lexicon() -> int:
    """Rebuild the lexicon from every kind's public words; how many it holds."""
    return lexicon.rebuild(lexicon_sources())
