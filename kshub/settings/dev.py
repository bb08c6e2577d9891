"""Local development: DEBUG, mail to var/mail/, the embedded PostgreSQL by default."""

import os

from .base import *  # noqa: F403
from .base import CACHES, VAR_DIR, database_from_url

DEBUG = True
# The site's URLs and the style guide (/styleguide/), which production does not serve.
ROOT_URLCONF = "kshub.dev_urls"
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    from core.embedded_db import database_settings

    DATABASES = {"default": database_settings()}

# Templates change without a restart here: menus are rendered afresh each time.
CACHES["release"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# Mail lands in files under var/mail/, so a newcomer can open the confirmation link.
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": VAR_DIR / "mail"},
    }
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
