from django.core.management.base import BaseCommand

from notifications.services import send_event_reminders


class Command(BaseCommand):
    help = "Remind members registered for an event that starts tomorrow (run daily)."

    def handle(self, *args, **options):
        told = send_event_reminders()
        self.stdout.write(self.style.SUCCESS(f"{told} reminder(s)."))
