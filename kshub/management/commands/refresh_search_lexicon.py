"""Rebuild the search lexicon from every public word (run nightly, and after a bulk
load): words of removed content go, words loaded without signals come in."""

from django.core.management.base import BaseCommand

from core import lexicon
from kshub.search import lexicon_sources


class Command(BaseCommand):
    help = "Rebuild the search lexicon (the words 'Did you mean' proposes)."

    def handle(self, *args, **options):
        count = lexicon.rebuild(lexicon_sources())
        self.stdout.write(f"{count} words in the search lexicon.")
