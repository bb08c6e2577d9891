from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and institutions")

    def ready(self) -> None:
        from .searching import register_search_kinds

        register_search_kinds()
