"""Read layer for events and registrations."""

from django.db import models
from django.utils import timezone


class EventQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")

    def past(self):
        return self.filter(ends_on__lt=timezone.localdate()).order_by("-starts_on")


class RegistrationQuerySet(models.QuerySet):
    def registered(self):
        return self.filter(status="registered")

    def waitlisted(self):
        return self.filter(status="waitlisted")
