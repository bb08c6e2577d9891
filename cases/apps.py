from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case stories")

    def ready(self) -> None:
        from taxonomy.services import on_theme_names_changed

        from .contributions import register_contributions
        from .scopes import register_scopes
        from .searching import register_search_kinds
        from .vectors import refresh_themed_search_vectors

        register_contributions()
        register_scopes()
        register_search_kinds()
        # A story's vector holds its themes' labels.
        on_theme_names_changed(refresh_themed_search_vectors)
