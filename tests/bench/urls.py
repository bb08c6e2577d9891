"""The site's routes plus ``/bench/hello/``, answered only when KSHUB_BENCH=1."""

import os

from django.http import HttpResponse
from django.urls import path

from kshub import urls as site_urls


def hello(request):
    """Nothing but the middleware stack and a response: the ceiling to compare with."""
    return HttpResponse(b"Hello, world", content_type="text/plain")


urlpatterns = list(site_urls.urlpatterns)
if os.environ.get("KSHUB_BENCH") == "1":
    urlpatterns.insert(0, path("bench/hello/", hello, name="bench-hello"))

handler400 = getattr(site_urls, "handler400", None)
handler403 = getattr(site_urls, "handler403", None)
handler404 = getattr(site_urls, "handler404", None)
handler500 = getattr(site_urls, "handler500", None)
