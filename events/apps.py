from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from .contributions import register_contributions
        from .scopes import register_scopes
        from .searching import register_search_kinds

        register_contributions()
        register_scopes()
        register_search_kinds()
