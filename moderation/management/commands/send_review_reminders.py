"""Run daily: mail the authors (and their institution) of content due for review
within the reminder period, once per review cycle."""

from django.core.management.base import BaseCommand

from moderation.tasks import send_review_reminders


class Command(BaseCommand):
    help = "Remind authors and institutions of content due for review soon."

    def handle(self, *args, **options):
        count = send_review_reminders.call()
        self.stdout.write(self.style.SUCCESS(f"Reminded of {count} item(s)."))
