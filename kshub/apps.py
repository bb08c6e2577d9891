from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KshubConfig(AppConfig):
    name = "kshub"
    verbose_name = _("Site")

    def ready(self):
        from core import sitesearch

        from . import signals

        signals.connect()
        # Every app registered its kinds of search results before this last app.
        sitesearch.connect_lexicon()
