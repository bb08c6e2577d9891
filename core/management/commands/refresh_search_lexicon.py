"""Nightly upkeep of the site search: rebuild the lexicon from every public word
(words of removed content go, words loaded without signals come in) and forget the
recorded searches older than the retention period."""

from django.core.management.base import BaseCommand

from core.tasks import refresh_search_lexicon


class Command(BaseCommand):
    help = (
        "Rebuild the search lexicon (the words 'Did you mean' proposes) and drop "
        "old recorded searches."
    )

    def handle(self, *args, **options):
        words, dropped = refresh_search_lexicon.call()
        self.stdout.write(
            f"{words} words in the search lexicon; {dropped} old recorded searches "
            "dropped."
        )
