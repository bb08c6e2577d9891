"""Put an existing account in the Moderators group."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members import services


class Command(BaseCommand):
    help = "Add the account with this e-mail address to the Moderators group."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the account's e-mail address")

    def handle(self, *args, **options):
        try:
            user = services.grant_moderator(email=options["email"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"{user.email} ({user.username}) is now a moderator.")
        )
