"""Write the views gathered in Redis into the stories' and posts' rows now (the site
does it every VIEW_COUNTS_FLUSH_SECONDS while it is read; run it before a backup, or
from cron on a quiet site)."""

from django.core.management.base import BaseCommand

from core.viewcounts import flush_view_counts


class Command(BaseCommand):
    help = "Write the view counts gathered in Redis into the database."

    def handle(self, *args, **options):
        moved = flush_view_counts()
        self.stdout.write(self.style.SUCCESS(f"Wrote {moved} view(s)."))
