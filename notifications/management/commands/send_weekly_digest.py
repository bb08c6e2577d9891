"""Enqueue this week's digest for every member who chose it (run weekly: cron or a
systemd timer; the task worker sends the mails)."""

from django.core.management.base import BaseCommand

from notifications.community_digest import send_weekly_digest


class Command(BaseCommand):
    help = "Enqueue the weekly digest e-mail for every member who chose it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would receive it, and enqueue nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        profiles = send_weekly_digest(dry_run=dry_run)
        if dry_run:
            for profile in profiles:
                self.stdout.write(f"{profile.display_name} <{profile.user.email}>")
            self.stdout.write(
                self.style.WARNING(f"Dry run: {len(profiles)} digest(s) not enqueued.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Enqueued {len(profiles)} weekly digest(s).")
            )
