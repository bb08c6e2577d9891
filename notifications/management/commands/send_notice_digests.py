from django.core.management.base import BaseCommand

from notifications.models import Frequency
from notifications.services import send_digests


class Command(BaseCommand):
    help = "Mail each member the notices waiting for their daily or weekly digest."

    def add_arguments(self, parser):
        parser.add_argument(
            "frequency", choices=[Frequency.DAILY.value, Frequency.WEEKLY.value]
        )

    def handle(self, *args, frequency, **options):
        sent = send_digests(frequency=frequency)
        self.stdout.write(self.style.SUCCESS(f"{sent} digest(s) sent."))
