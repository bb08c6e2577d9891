"""The whole demo loaded once for a group of tests (a module's or a class's) and
rolled back after them: loading it takes seconds, and each test still runs in its
own transaction within, so what one test writes is gone before the next."""

import contextlib
from io import StringIO

from django.core.management import call_command
from django.db import transaction


@contextlib.contextmanager
def demo_for_a_group(django_db_blocker, *then: str):
    """``load_demo``, then each of the management commands ``then``; all undone
    on leaving."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        for command in then:
            call_command(command, stdout=StringIO())
        yield
        transaction.set_rollback(True)
