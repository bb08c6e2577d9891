"""Import a Ning network export: ``manage.py import_ning PATH [--dry-run]``."""

from django.core.management.base import BaseCommand, CommandError

from ning.reading import ExportError
from ning.services import import_ning_export


class Command(BaseCommand):
    help = (
        "Import a Ning Network Archiver export folder (members, groups, blog posts, "
        "discussions, events, their comments). Running it again changes nothing "
        "new; after an interruption it goes on where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the export folder (ning-*-local.json files)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="count what would be created, updated and skipped; write nothing",
        )
        parser.add_argument(
            "--time-zone",
            default="UTC",
            help="the network's time zone, for dates the export gives without one",
        )

    def handle(self, *args, path, dry_run, time_zone, **options):
        try:
            run = import_ning_export(folder=path, dry_run=dry_run, time_zone=time_zone)
        except ExportError as error:
            raise CommandError(f"Not imported: {error}") from None
        title = "Dry run: nothing written." if dry_run else "Imported."
        self.stdout.write(self.style.SUCCESS(title))
        for line in run.summary_lines():
            self.stdout.write(f"  {line}")
        if run.problems:
            self.stdout.write(
                self.style.WARNING(f"Not imported or incomplete ({len(run.problems)}):")
            )
            for problem in run.problems:
                self.stdout.write(f"  {problem}")
