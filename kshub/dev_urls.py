"""The development server's URLs: the site's, and the style guide."""

from django.urls import path

from kshub.styleguide import styleguide
from kshub.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    *site_urlpatterns,
    path("styleguide/", styleguide, name="styleguide"),
]
