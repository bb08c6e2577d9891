"""Generate a large community for benchmarks: ``generate_load_data --scale 0.01``."""

import time

from django.core.management.base import BaseCommand, CommandError

from core.tasks import refresh_search_lexicon
from tests.bench import load_data


class Command(BaseCommand):
    help = (
        "Fill the database with a generated community (case stories, members, "
        "comments, events) for benchmarks; generated rows have slugs starting "
        f"with {load_data.PREFIX!r}."
    )

    def add_arguments(self, parser):
        defaults = load_data.Counts()
        for name in ("stories", "institutions", "members", "comments", "events"):
            parser.add_argument(f"--{name}", type=int, default=getattr(defaults, name))
        parser.add_argument("--sessions", type=int, default=defaults.sessions)
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Multiply every count, e.g. 0.01 for a quick run.",
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete previously generated rows first.",
        )
        parser.add_argument(
            "--delete-only",
            action="store_true",
            help="Delete previously generated rows and stop.",
        )

    def handle(self, *args, **options):
        log = self.stdout.write
        if options["reset"] or options["delete_only"]:
            start = time.monotonic()
            load_data.delete_generated(log=log)
            log(f"Deleted generated data in {time.monotonic() - start:.1f} s.")
            if options["delete_only"]:
                return
        if options["scale"] <= 0:
            raise CommandError("--scale must be positive.")
        counts = load_data.Counts(
            **{
                name: options[name]
                for name in (
                    "stories",
                    "institutions",
                    "members",
                    "comments",
                    "events",
                    "sessions",
                )
            }
        ).scaled(options["scale"])
        log(f"Generating {counts} ...")
        start = time.monotonic()
        try:
            load_data.generate(counts, seed=options["seed"], log=log)
        except load_data.GeneratedDataExists as error:
            raise CommandError(f"{error} Use --reset to replace it.") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated the community in {time.monotonic() - start:.1f} s."
            )
        )
        # Bulk inserts send no signals: the search lexicon learns the words here.
        start = time.monotonic()
        words, _dropped = refresh_search_lexicon.call()
        log(f"{words} words in the search lexicon ({time.monotonic() - start:.1f} s).")
