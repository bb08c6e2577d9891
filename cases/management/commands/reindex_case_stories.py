from django.core.management.base import BaseCommand

from cases.models import CaseStory
from cases.services import refresh_search_vector


class Command(BaseCommand):
    help = "Rebuild the full-text search vector of every case story."

    def handle(self, *args, **options):
        count = 0
        for case_story in CaseStory.objects.select_related("lead_institution"):
            refresh_search_vector(case_story=case_story)
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Reindexed {count} case stories."))
