from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NingConfig(AppConfig):
    name = "ning"
    verbose_name = _("Coming from Ning")

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        from .signals import claim_on_password_reset

        password_reset.connect(claim_on_password_reset, dispatch_uid="ning_claim")
