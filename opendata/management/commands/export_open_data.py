from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from opendata.dumps import export


class Command(BaseCommand):
    help = "Write every open data dump (CSV, JSON Lines) and its datapackage.json."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.MEDIA_ROOT) / "open-data",
            help="Directory to write to (default: MEDIA_ROOT/open-data).",
        )

    def handle(self, *args, output: Path, **options):
        written = export(output, absolute=lambda path: settings.SITE_URL + path)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {len(written)} files to {output}.")
        )
