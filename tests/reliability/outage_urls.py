"""The site's routes plus a few that fail on purpose, for the outage tests."""

from django.db import OperationalError
from django.urls import path

from kshub import urls
from moderation.models import ContactMessage


def database_gone(request):
    raise OperationalError(
        'connection to server on socket "/tmp/.s.PGSQL.5432" failed: '
        "No such file or directory"
    )


def write_then_database_gone(request):
    ContactMessage.objects.create(
        name="Ana", email="ana@example.org", subject="Hello", body="Hi"
    )
    raise OperationalError("server closed the connection unexpectedly")


def write_then_bug(request):
    ContactMessage.objects.create(
        name="Ana", email="ana@example.org", subject="Hello", body="Hi"
    )
    raise ValueError("a bug, not an outage")


urlpatterns = [
    path("test/database-gone/", database_gone),
    path("test/write-then-database-gone/", write_then_database_gone),
    path("test/write-then-bug/", write_then_bug),
    *urls.urlpatterns,
]
