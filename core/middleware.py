"""Keep a member on the primary database for a while after their own write."""

from django.conf import settings

from core import routers

PIN_COOKIE = "kshub_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def cookie_name() -> str:
    return getattr(settings, "REPLICA_PIN_COOKIE_NAME", PIN_COOKIE)


class ReplicaPinMiddleware:
    """Reads of a safe request may go to the replica, unless the browser wrote
    recently; a request that writes sets a short-lived cookie so that the pages
    that follow (the redirect after a POST) show what was just written."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = (
            request.method in SAFE_METHODS and cookie_name() not in request.COOKIES
        )
        with routers.replica_reads(allowed=allowed):
            response = self.get_response(request)
            if routers.wrote():
                response.set_cookie(
                    cookie_name(),
                    "1",
                    max_age=getattr(settings, "REPLICA_PIN_SECONDS", 15),
                    secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response
