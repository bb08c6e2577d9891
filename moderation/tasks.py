"""Scheduled work of the desk (run daily by cron or a systemd timer, through the
``send_review_reminders`` and ``check_links`` commands, or by the task worker)."""

from django.tasks import task

from . import curation, links


@task
def send_review_reminders() -> int:
    """Remind authors and institutions of what is due for review within a month."""
    return curation.send_review_reminders()


@task
def check_links() -> dict[str, int]:
    """Check the external links of published content; keep the dead ones."""
    return links.check_published_links()
