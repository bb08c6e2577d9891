"""Run nightly or weekly: check the external links of published content and
resources (politely, see core.linkcheck) and list the dead ones on the desk."""

from django.core.management.base import BaseCommand

from moderation.tasks import check_links


class Command(BaseCommand):
    help = "Check the external links of published content; list the dead ones."

    def handle(self, *args, **options):
        counts = check_links.call()
        self.stdout.write(
            self.style.SUCCESS(
                "Checked {checked} link(s); {dead} dead.".format(**counts)
            )
        )
