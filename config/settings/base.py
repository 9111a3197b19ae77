"""Settings shared by every environment.

This is the only settings module that reads the environment; the others
decide what to do with what it read (production refuses to start without a
secret key and allowed hosts, dev fills in safe local defaults).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# --- Read from the environment ------------------------------------------------

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
REDIS_URL = os.environ.get("REDIS_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# How many reverse proxies stand in front of the application and append to
# X-Forwarded-For (docs/deployment.md). 0: the client is REMOTE_ADDR and the
# header is ignored, so that nobody can choose the address a lock-out counts.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0") or 0)

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kanttekening <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Applications ---------------------------------------------------------------

INSTALLED_APPS = [
    # Ours, highest layer first so its templates win.
    "publications",
    "alerts",
    "advice",
    "motions",
    "agenda",
    "council",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.api.v2",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    # Background tasks: Django's Tasks API (backport) and its database backend.
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Failed logins: throttled and locked out (see "Logins" below).
    "axes",
    # Content-Security-Policy and Permissions-Policy headers (see "Headers" below).
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the public cache, so that stored pages get the headers too.
    "config.security.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves stored public pages and feeds; outside the session middleware, so
    # it sees every cookie set on the way out (publications/caching.py).
    "publications.caching.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kanttekening",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kanttekening",
        }
    }

# The public page and feed cache (publications/caching.py): whole responses,
# kept until what they show changes (and daily pages until the day ends).
PUBLIC_CACHE_ENABLED = True
PUBLIC_CACHE_ALIAS = "default"
PUBLIC_CACHE_TIMEOUT = 60 * 60 * 24
# The letter index's filter choices and counts (publications.queries.letter_facets),
# kept in the same cache per generation of the letters. Not a page cache: they stay
# cached when PUBLIC_CACHE_ENABLED is off, so that a rendered page never counts every letter.
LETTER_FACETS_CACHED = True
# With Redis, the scope generations are mirrored there so that a cache hit
# needs no query (publications/scope_mirror.py); a mirrored value lives this long.
PUBLIC_CACHE_SCOPE_TTL = 300
# How long a CDN may keep a public response (Cache-Control: s-maxage). None:
# an hour when WAGTAILFRONTENDCACHE purges stale URLs, else a minute.
PUBLIC_CACHE_S_MAXAGE = None
# A CDN or reverse proxy to purge on publish, unpublish and correction
# (wagtail.contrib.frontend_cache backends; docs/deployment.md). Off by default.
WAGTAILFRONTENDCACHE = {}
# The X-Public-Cache: hit/miss/skip header tells how a response was served;
# only dev and test send it.
PUBLIC_CACHE_DEBUG_HEADER = False

# --- People and language --------------------------------------------------------

# Roles come from memberships (council.tenancy); the backend lets an active
# membership open the admin with its role's model permissions.
AUTHENTICATION_BACKENDS = [
    # First: refuses every login of a locked-out account or address. It does
    # not authenticate (ModelBackend, next, does), but as a ModelBackend
    # subclass it can load the user of a session stored with the first
    # backend (Wagtail's test client logs in with AUTHENTICATION_BACKENDS[0]).
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "council.backends.MembershipBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Our own strings are written in Dutch (the source language) and marked with
# gettext so that an English catalogue can follow; Django's and Wagtail's
# strings come translated from their own Dutch catalogues.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]

# Dates as Dutch people write them, and only those: the admin shows and its
# date picker writes dd-mm-jjjj, and every date field reads dd-mm-jjjj (also
# d-m-jjjj) and ISO jjjj-mm-dd, nothing else (no two-digit years, no month
# names). council/date_input.py gives the admin's date fields these formats and
# stops the picker from replacing what was typed. A locale's own input formats
# win over these settings, so config/formats repeats them for every language
# of the admin, for Django's other forms.
WAGTAIL_DATE_FORMAT = "%d-%m-%Y"
WAGTAIL_DATETIME_FORMAT = "%d-%m-%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
]
FORMAT_MODULE_PATH = ["config.formats"]

# --- Files ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# Files that must never be served from disk (the frozen PDFs of letters):
# views hand them out only while the letter they belong to is public.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail ---------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Kanttekening"
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
# Wagtail's English help (the Help menu, the dashboard's "What's new" banner)
# gives way to the Dutch handleiding per role (council/manual.py).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
# Always through Wagtail's view (never a redirect to /media/): its before_serve_document hook
# keeps internal documents on the record from the public (advice/documents/serving.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No SVG: an SVG can carry script, and Wagtail would store and serve it as is.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Avatars are uploaded or the initials; nothing is asked of gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor is releases.wagtail.org: the admin loads nothing from another host.
WAGTAIL_ENABLE_UPDATE_CHECK = False

WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # PostgreSQL full-text search with Dutch stemming; SQLite ignores this.
        **({"SEARCH_CONFIG": "dutch"} if DATABASE_IS_POSTGRES else {}),
    }
}

# Every e-mail leaves the request: the backend stores it and enqueues its
# delivery, which the worker does with EMAIL_DELIVERY_BACKEND (council/mail.py).
EMAIL_BACKEND = "council.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# Background work (council/background.py): the database backend, worked off by
# `manage.py db_worker`. Wagtail's own tasks (reference index, search index)
# run through it too. docs/deployment.md: the RQ backend, for more workers.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Logins ------------------------------------------------------------------------------
#
# django-axes counts failed logins (the admin's, and every other that goes
# through authenticate()) per account and per client address: after
# AXES_FAILURE_LIMIT failures either is locked out for AXES_COOLOFF_TIME, also
# for the right password. A platform administrator unlocks an account under
# Instellingen > Geblokkeerde aanmeldingen (council/lockouts.py).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "council.lockouts.lockout_response"
# Only successful logins' records would grow without end; failures are kept.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "csrfmiddlewaretoken"]
# The client address: X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies.
AXES_CLIENT_IP_CALLABLE = "council.lockouts.client_ip"

# --- Headers -----------------------------------------------------------------------------
#
# config/security.py: the public site gets this strict policy (no inline
# script or style, nothing from another host); the admin (/beheer/) the
# looser ADMIN_CONTENT_SECURITY_POLICY that Wagtail's own pages need.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        # Wagtail's admin templates carry inline scripts and style attributes,
        # and its rich-text editor and previews use blob: and data: URLs.
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Advice letters -------------------------------------------------------------------

# The end of the "Vaststellen" workflow records the chair's adoption of a
# letter and does not publish it (sending comes first); other content keeps
# Wagtail's default of publishing. See advice/workflows.py.
WAGTAIL_FINISH_WORKFLOW_ACTION = "advice.letters.workflows.finish_workflow"
# Sent letters are stored as PDFs (advice.LetterVersion.pdf) under PRIVATE_MEDIA_ROOT;
# WeasyPrint renders them with the system libraries named in README.md.
