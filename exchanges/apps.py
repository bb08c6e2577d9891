from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "exchanges"
    verbose_name = _("Knowledge exchange")

    def ready(self) -> None:
        from .contributions import register_contributions
        from .searching import register_search_kinds

        register_contributions()
        register_search_kinds()
