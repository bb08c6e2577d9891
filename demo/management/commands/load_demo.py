"""Load the demo content from the HLM2 seed page; running it again changes nothing."""

from django.core.management.base import BaseCommand

from demo.content import LOGIN_URL, load_demo


class Command(BaseCommand):
    help = "Load the demo content (idempotent) and print the demo sign-ins."

    def handle(self, *args, **options):
        report = load_demo()
        created = ", ".join(f"{n} {name}" for name, n in report.created.items())
        updated = ", ".join(f"{n} {name}" for name, n in report.updated.items())
        self.stdout.write(f"Demo content created: {created or 'nothing new'}.")
        if updated:
            self.stdout.write(f"Demo content updated: {updated}.")
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(self.style.SUCCESS(f"Sign in at {LOGIN_URL}"))
        for role, email, password in report.sign_in:
            self.stdout.write(
                self.style.SUCCESS(
                    f"  as the demo {role}: e-mail {email}, password {password}"
                )
            )
