"""Read layer for members and institutions."""

from django.db import models


class InstitutionQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified=True)

    def proposed(self):
        return self.filter(verified=False)


class ProfileQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(
            listed_in_directory=True,
            user__is_active=True,
            user__suspended_at__isnull=True,
        )
