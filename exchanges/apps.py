from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    name = "exchanges"
    verbose_name = _("Knowledge exchange")

    def ready(self) -> None:
        from members.services import EXPORTS

        from .exports import member_data

        EXPORTS["knowledge_exchange"] = member_data
