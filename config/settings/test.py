"""pytest: fast hashing, in-memory mail and cache, tasks run immediately."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kanttekening-test",
    }
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files from the apps and static/ without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The public page cache is off by default, so that each layer's query budgets
# measure its views; tests/publications turn it on where they test it (the
# public_cache fixture), with the cache emptied before and after.
PUBLIC_CACHE_ENABLED = False
# Likewise the facets of the letter index: counted afresh, as the budgets expect
# (the public_cache fixture turns them on with the page cache).
LETTER_FACETS_CACHED = False
# Benchmarks and bulk data generators (manage.py benchmark_*); never in production.
INSTALLED_APPS = ["benchmarks", *INSTALLED_APPS]
# How a public response was served (X-Public-Cache: hit/miss/skip); never in production.
PUBLIC_CACHE_DEBUG_HEADER = True
