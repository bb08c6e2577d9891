"""Mail each unclaimed member of an imported Ning network an invitation to claim
their account: ``manage.py invite_ning_members [--dry-run] [--again]``."""

from django.core.management.base import BaseCommand

from ning.services import invite_members


class Command(BaseCommand):
    help = "Invite the members imported from Ning to claim their accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count whom it would invite"
        )
        parser.add_argument(
            "--again",
            action="store_true",
            help="invite again those invited before who have not claimed yet",
        )

    def handle(self, *args, dry_run, again, **options):
        count = invite_members(again=again, dry_run=dry_run)
        verb = "Would invite" if dry_run else "Invited"
        self.stdout.write(self.style.SUCCESS(f"{verb} {count} members."))
