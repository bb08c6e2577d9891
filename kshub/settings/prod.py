"""Production: all from the environment; refuses to start without what it needs.

Every variable read here is listed with its meaning in ``.env.example``. The optional
pieces (Redis, object storage, a read replica, the RQ task queue) switch on when
their variables are set, so one machine and a scaled-out site share this module.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    CACHES,
    INSTALLED_APPS,
    MIDDLEWARE,
    REDIS_URL,
    STATIC_ROOT,
    STORAGES,
    VAR_DIR,
    database_from_url,
    env_bool,
)

REQUIRED = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
missing = [name for name in REQUIRED if not os.environ.get(name)]
if missing:
    raise ImproperlyConfigured(
        "Missing required environment variable(s) for production: "
        + ", ".join(missing)
        + ". See .env.example."
    )

DEBUG = False
SITE_URL = os.environ.get("SITE_URL", f"https://{ALLOWED_HOSTS[0]}").rstrip("/")
# Replies by mail stay off (no Reply-To) until the operator routes a domain to
# manage.py receive_mail or the /mail/inbound/ webhook (README, "Replies by mail").
REPLY_DOMAIN = os.environ.get("REPLY_DOMAIN", "")

# --- Database: the primary, and an optional read replica behind a router.
DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **database_from_url(DATABASE_REPLICA_URL),
        # Under a test runner the replica is the test database itself.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["core.routers.PrimaryReplicaRouter"]
    # After a member's own write, their reads stay on the primary this long.
    REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "15"))
    MIDDLEWARE = [
        *MIDDLEWARE[:2],  # security and static files never touch the database
        "core.middleware.ReplicaPinMiddleware",
        *MIDDLEWARE[2:],
    ]

# --- HTTPS behind a reverse proxy that terminates TLS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Where plain-HTTP requests are sent ("host" or "host:port"); else the same host.
SECURE_SSL_HOST = os.environ.get("SECURE_SSL_HOST") or None
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
VIEW_COUNTS_COOKIE_NAME = "__Host-viewed"
SESSION_COOKIE_HTTPONLY = True
# Every cookie the portal sets is __Host- (Secure, path /, no Domain) and HttpOnly.
LANGUAGE_COOKIE_NAME = "__Host-language"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_PATH = "/"
MESSAGES_COOKIE_NAME = "__Host-messages"
REPLICA_PIN_COOKIE_NAME = "__Host-primary"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
# allauth rate-limits per client address: behind N proxies it is the N-th address
# from the right of X-Forwarded-For (each proxy appends the one it saw).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

# Cache and sessions: Redis when REDIS_URL is set (see base), so that every app
# server shares sessions, cached pages and rate-limit counters (allauth's and the
# comments' use the default cache). Without Redis, the gunicorn workers of one
# machine share a file cache: a per-process memory cache would let one worker keep
# serving a page another worker's write has made stale.
if not REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(VAR_DIR / "cache")),
    }

# --- Static files: collectstatic writes here, whitenoise serves from here with
# hashed names and a far-future Cache-Control (see STORAGES in base).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", STATIC_ROOT))

# --- Uploaded files: S3-compatible object storage when a bucket is named.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES = {
        **STORAGES,  # keeps the static files storage of base
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
                # or from the machine's role when those are unset.
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
                "location": os.environ.get("AWS_LOCATION", "media"),
                # Private objects, reached through short-lived signed links.
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 3600,
                "file_overwrite": False,
            },
        },
    }

# --- Background work: a real worker. The database queue needs no other service;
# RQ on Redis where an institution prefers it (pip install ".[rq]").
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
else:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be 'database' or 'rq', not {TASKS_BACKEND!r}."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Tracebacks of 500s go to the log (the process manager keeps it).
        "django.request": {"level": "ERROR"},
        "django_tasks_db": {"level": "INFO"},
    },
}
