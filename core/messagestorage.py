"""Django's message storage (a cookie, the session when the cookie would be too
big) with the cookie's name from ``settings.MESSAGES_COOKIE_NAME``, so that
production can give it the ``__Host-`` prefix like every other cookie."""

from django.conf import settings
from django.contrib.messages.storage import cookie, fallback, session


class CookieStorage(cookie.CookieStorage):
    @property
    def cookie_name(self) -> str:
        return settings.MESSAGES_COOKIE_NAME


class FallbackStorage(fallback.FallbackStorage):
    storage_classes = (CookieStorage, session.SessionStorage)
