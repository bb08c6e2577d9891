"""Tests: the same PostgreSQL choice as dev, with fast hashing and memory mail."""

from .dev import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "kshub.urls"  # the production URLs: no style guide
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "release": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
SESSION_ENGINE = "core.dbsessions"
VIEW_COUNTS_REDIS_URL = ""
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ACCOUNT_RATE_LIMITS = False
