"""Settings of an app server process that a test starts (tests/publications/test_app_servers.py):
the test settings, with the public page cache on, in the Redis and under the key prefix the test
names (``TEST_REDIS_URL``, ``TEST_CACHE_PREFIX``), and the database the test names
(``DATABASE_URL``)."""

import os

from config.settings.test import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["TEST_REDIS_URL"],
        "KEY_PREFIX": os.environ["TEST_CACHE_PREFIX"],
    }
}
PUBLIC_CACHE_ENABLED = True
