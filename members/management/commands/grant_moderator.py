"""Put an existing account in the Moderators group, or give it the moderator's
rights within one KS dimension, event or language."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from members import roles, services

SCOPES = ("dimension", "event", "language")


class Command(BaseCommand):
    help = (
        "Add the account with this e-mail address to the Moderators group, or "
        "(with --dimension, --event or --language) let it moderate only there."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the account's e-mail address")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--dimension", help="a KS dimension's slug")
        scope.add_argument("--event", help="an event's slug")
        scope.add_argument("--language", help="a language code (en, es, fr)")

    def handle(self, *args, **options):
        kind = next((kind for kind in SCOPES if options[kind]), None)
        try:
            if kind is None:
                user = services.grant_moderator(email=options["email"])
            else:
                scope = roles.grant_scope_by_email(
                    email=options["email"], kind=kind, key=options[kind]
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if kind is None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{user.email} ({user.username}) is now a moderator."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{scope.member.email} ({scope.member.username}) now moderates "
                    f"within {scope.label}."
                )
            )
