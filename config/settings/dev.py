"""Local development: `make run`. Never use these settings on a server."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = True
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
SECURE_SSL_REDIRECT = False
# Mail is queued as in production; the worker prints it instead of sending it.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Serve static files from the apps and static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Benchmarks and bulk data generators (manage.py benchmark_*); never in production.
INSTALLED_APPS = ["benchmarks", *INSTALLED_APPS]
# How a public response was served (X-Public-Cache: hit/miss/skip); never in production.
PUBLIC_CACHE_DEBUG_HEADER = True
