"""Settings shared by every environment; each override module changes little."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "taggit",
    "django_countries",
    "django_tasks_db",
    "simple_history",
    "core",
    "members",
    "taxonomy",
    "cases",
    "events",
    "blog",
    "comments",
    "exchanges",
    "discussions",
    "moderation",
    "opendata",
    "assessment",
    "impact",
    "notifications",
    "ning",
    "kshub",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip, but not for a signed-in member's own pages (see kshub.compression).
    "kshub.compression.CompressionMiddleware",
    "core.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Who saved a story or a post, for its history (core.history).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "kshub.urls"
# Form fields render from templates/django/forms/ (labels without colons,
# checkboxes beside their labels, a worded empty choice).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "kshub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                # One CSRF token for every form of a page (core.holes).
                "core.holes.csrf_context",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.pagecache.fragment_versions",
            ],
        },
    },
]

# Filled by each environment: from DATABASE_URL, or the embedded server in dev/test.
DATABASES = {}
DATABASE_CONN_MAX_AGE = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))


def database_from_url(url: str) -> dict:
    config = dj_database_url.parse(
        url, conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
    )
    # Fail fast when the server does not answer (the URL may set its own value).
    # No JIT compilation: the planner's cost of a search's bounded candidates
    # (which stop early) passes its threshold, and compiling took 0.2 to 3 s for
    # queries that run in a few milliseconds. No synchronized sequential scans:
    # a search's candidates read by a scan that stops at the first matches would
    # start wherever another scan of the table was, and a query's results and
    # counts changed from one request to the next.
    config["OPTIONS"] = {
        "connect_timeout": 2,
        "options": "-c jit=off -c synchronize_seqscans=off",
        **config.get("OPTIONS", {}),
    }
    return config


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

AUTHENTICATION_BACKENDS = [
    "members.backends.MemberModelBackend",
    "members.backends.MemberAuthenticationBackend",
]

VALIDATORS_MODULE = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": VALIDATORS_MODULE + "UserAttributeSimilarityValidator"},
    {
        "NAME": VALIDATORS_MODULE + "MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": VALIDATORS_MODULE + "CommonPasswordValidator"},
    {"NAME": VALIDATORS_MODULE + "NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The visitor's choice from the language switcher outlives the browser session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SITE_NAME = "KS Hub"
# Absolute links in e-mails; prod derives it from ALLOWED_HOSTS unless set.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The licence the open data dumps and the API are published under.
OPEN_DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "KS Hub <noreply@kshub.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MODERATORS_EMAIL = os.environ.get("MODERATORS_EMAIL", "moderators@kshub.example")
# Replies by mail (notifications.inbound): Reply-To PREFIX<token>@REPLY_DOMAIN.
REPLY_DOMAIN = os.environ.get("REPLY_DOMAIN", "reply.kshub.example")
REPLY_ADDRESS_PREFIX = "reply+"
REPLY_ADDRESS_MAX_AGE_DAYS = int(os.environ.get("REPLY_ADDRESS_MAX_AGE_DAYS", "60"))
# The shared secret a mail provider signs /mail/inbound/ posts with (HMAC-SHA256).
INBOUND_MAIL_SECRET = os.environ.get("INBOUND_MAIL_SECRET", "")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "timeout": 10,
        },
    }
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Serves from the worker's memory while Redis is away (core.cache).
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    # Read from Redis, kept in the database: a Redis outage signs nobody out.
    # Django's cached-db engine, read with the content versions (core.sessions).
    SESSION_ENGINE = "core.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Django's database sessions, each read by one statement (core.dbsessions).
    SESSION_ENGINE = "core.dbsessions"
# A reader's first view of an item in a browser session counts once (core.viewcounts):
# with Redis, views gather there and reach the rows every few seconds.
VIEW_COUNTS_REDIS_URL = os.environ.get("VIEW_COUNTS_REDIS_URL") or REDIS_URL
VIEW_COUNTS_FLUSH_SECONDS = int(os.environ.get("VIEW_COUNTS_FLUSH_SECONDS", "5"))
VIEW_COUNTS_COOKIE_NAME = "viewed"
# Each process's own: template fragments that change only with a new release (the
# menus), so a restart is what renews them.
CACHES["release"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "release",
}

TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads a cookie (the pages have none, the admin's forms carry the token).
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
# Messages ride in a cookie named here (production prefixes it), or the session.
MESSAGE_STORAGE = "core.messagestorage.FallbackStorage"
MESSAGES_COOKIE_NAME = "messages"

LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"

# Accounts: e-mail is the identity; the handle is derived from the display name.
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "members.forms.MemberSignupFields"
ACCOUNT_FORMS = {"signup": "members.account_forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "phone_number"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# The reset link is the way in that no sign-in limit blocks: it signs the member in.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
# Per "key" means per e-mail address, except for failed sign-ins where the adapter
# makes it per address and client (members.signin); sign-up has none, so per IP only.
ACCOUNT_RATE_LIMITS = {
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,60/h/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[KS Hub] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")

TAGGIT_CASE_INSENSITIVE = True

COMMENT_FLAG_THRESHOLD = int(os.environ.get("COMMENT_FLAG_THRESHOLD", "3"))
COMMENT_EDIT_WINDOW_MINUTES = 15
# A member's first topics (this many) wait for a moderator; 0 publishes at once.
DISCUSSIONS_TOPICS_REVIEWED = int(os.environ.get("DISCUSSIONS_TOPICS_REVIEWED", "1"))
ATTACHMENT_MAX_BYTES = int(
    os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Curation over time (core.curation): published content is due for review this
# many days after publication (or its last review); its author hears of it this
# many days before.
CONTENT_REVIEW_INTERVAL_DAYS = int(
    os.environ.get("CONTENT_REVIEW_INTERVAL_DAYS", "730")
)
CONTENT_REVIEW_REMINDER_DAYS = int(os.environ.get("CONTENT_REVIEW_REMINDER_DAYS", "30"))
# The link checker (moderation.links): how long it waits for a host, how many
# links a run checks at most, and how it names itself to the sites it asks.
LINK_CHECK_TIMEOUT = float(os.environ.get("LINK_CHECK_TIMEOUT", "10"))
LINK_CHECK_MAX_LINKS = int(os.environ.get("LINK_CHECK_MAX_LINKS", "2000"))
# Seconds between two requests to one host.
LINK_CHECK_HOST_PAUSE = float(os.environ.get("LINK_CHECK_HOST_PAUSE", "1"))
# Only the tests, against their own local server, may check private addresses.
LINK_CHECK_ALLOW_PRIVATE = False
LINK_CHECK_USER_AGENT = os.environ.get(
    "LINK_CHECK_USER_AGENT", f"KS Hub link checker (+{SITE_URL}/contact/)"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
