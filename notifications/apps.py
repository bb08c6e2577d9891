from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core import notices, readerfacts

        from .listeners import on_happening
        from .querysets import following_sql

        notices.listen(on_happening)
        readerfacts.register("following", following_sql)
