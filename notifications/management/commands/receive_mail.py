import sys

from django.core.management.base import BaseCommand

from notifications.inbound import receive


class Command(BaseCommand):
    help = (
        "Read one e-mail message on standard input (a mail server's pipe) and turn "
        "a reply to a notice into a comment. Always exits 0."
    )

    def handle(self, *args, **options):
        raw = sys.stdin.buffer.read()
        outcome = receive(raw)
        self.stdout.write(outcome)
