from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact")

    def ready(self):
        from .contributions import register_contributions

        register_contributions()
