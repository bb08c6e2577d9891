from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KshubConfig(AppConfig):
    name = "kshub"
    verbose_name = _("Site")

    def ready(self):
        from . import search_kinds, signals

        signals.connect()
        search_kinds.connect_lexicon()
