from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Capacity self-assessment")

    def ready(self):
        from .contributions import register_contributions

        register_contributions()
