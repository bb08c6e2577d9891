"""Background work of the ground floor: the upkeep of the site search."""

from django.tasks import task

from . import lexicon, services
from .sitesearch import lexicon_sources


@task
def refresh_search_lexicon() -> tuple[int, int]:
    """Rebuild the lexicon from every kind's public words and drop the recorded
    searches past their retention: how many words, how many records dropped."""
    words = lexicon.rebuild(lexicon_sources())
    return words, services.drop_old_search_records()
