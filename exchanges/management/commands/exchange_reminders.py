"""Run daily: expire knowledge requests past their time frame, and send the
reminders that are due (a request about to expire, results to record)."""

from django.core.management.base import BaseCommand

from exchanges.agreements import send_reminders


class Command(BaseCommand):
    help = "Expire overdue knowledge requests and send due reminders."

    def handle(self, *args, **options):
        counts = send_reminders()
        self.stdout.write(
            self.style.SUCCESS(
                "Expired {expired} requests; sent {expiry_reminders} expiry and "
                "{results_reminders} results reminders.".format(**counts)
            )
        )
