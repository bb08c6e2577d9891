"""The site's URLs plus one view that fails, to see the headers of a 500 page."""

from django.urls import path

from kshub.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("A deliberate failure.")


urlpatterns = [path("test-only/fail/", fail), *site_urlpatterns]
