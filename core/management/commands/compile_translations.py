"""Build the .mo message catalogues from the committed .po files, in pure Python.

Compiled catalogues are never committed; ``make run`` and ``make test`` build them,
so a member's machine needs no gettext tools.
"""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues() -> list[Path]:
    """Every ``<locale dir>/<language>/LC_MESSAGES/*.po`` of the project: the site's
    and those of the project's apps that keep their own (``<app>/locale/``)."""
    base = Path(settings.BASE_DIR)
    locale_dirs = [Path(path) for path in settings.LOCALE_PATHS]
    locale_dirs += [
        Path(app.path) / "locale"
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base)
    ]
    found = []
    for locale_dir in locale_dirs:
        found.extend(sorted(locale_dir.glob("*/LC_MESSAGES/*.po")))
    return found


def compile_catalogue(po_path: Path) -> Path:
    """Write the .mo beside the .po; fuzzy entries are left out, as msgfmt does."""
    catalogue = polib.pofile(str(po_path))
    for entry in catalogue.fuzzy_entries():
        catalogue.remove(entry)
    mo_path = po_path.with_suffix(".mo")
    catalogue.save_as_mofile(str(mo_path))
    return mo_path


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo without gettext tools."

    def handle(self, *args, **options):
        paths = catalogues()
        if not paths:
            raise CommandError("No .po catalogues found under LOCALE_PATHS.")
        for po_path in paths:
            try:
                mo_path = compile_catalogue(po_path)
            except (OSError, ValueError) as error:
                raise CommandError(f"{po_path}: {error}") from error
            base = Path(settings.BASE_DIR)
            shown = (
                mo_path.relative_to(base) if mo_path.is_relative_to(base) else mo_path
            )
            self.stdout.write(str(shown))
        self.stdout.write(
            self.style.SUCCESS(f"Compiled {len(paths)} message catalogue(s).")
        )
