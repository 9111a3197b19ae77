"""Settings are read from the environment; production refuses to start without secrets.

Each case imports the settings in a fresh interpreter, because settings
modules read the environment once, at import.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json
from django.conf import settings
settings.INSTALLED_APPS  # force the import
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "language": settings.LANGUAGE_CODE,
    "time_zone": settings.TIME_ZONE,
    "use_tz": settings.USE_TZ,
    "debug": settings.DEBUG,
    "search": settings.WAGTAILSEARCH_BACKENDS["default"],
    "cache_debug_header": settings.PUBLIC_CACHE_DEBUG_HEADER,
    "gravatar": settings.WAGTAIL_GRAVATAR_PROVIDER_URL,
    "update_check": settings.WAGTAIL_ENABLE_UPDATE_CHECK,
    "image_extensions": settings.WAGTAILIMAGES_EXTENSIONS,
    "proxy_count": settings.TRUSTED_PROXY_COUNT,
}))
"""


def run_settings(module, **env):
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "REDIS_URL",
            "TRUSTED_PROXY_COUNT",
        }
    }
    clean_env.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "example.org"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
        ({}, "DJANGO_SECRET_KEY, ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secrets(env, missing):
    result = run_settings("config.settings.production", **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"environment variables: {missing}" in result.stderr


def test_production_starts_with_secrets():
    result = run_settings(
        "config.settings.production", DJANGO_SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org"
    )

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    # Hardening (issue 14): no cache debug header, nothing asked of other hosts, no SVG.
    assert values["cache_debug_header"] is False
    assert values["gravatar"] is None
    assert values["update_check"] is False
    assert "svg" not in values["image_extensions"]
    assert values["proxy_count"] == 0


def test_the_proxy_count_comes_from_the_environment():
    result = run_settings("config.settings.dev", TRUSTED_PROXY_COUNT="2")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["proxy_count"] == 2


def test_dev_sends_the_cache_debug_header():
    assert json.loads(run_settings("config.settings.dev").stdout)["cache_debug_header"] is True


def test_defaults_are_dutch_sqlite_and_local_memory():
    result = run_settings("config.settings.dev")

    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["language"] == "nl"
    assert values["time_zone"] == "Europe/Amsterdam"
    assert values["use_tz"] is True


def test_database_and_redis_urls_switch_backends():
    result = run_settings(
        "config.settings.dev",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/kanttekening",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["search"]["SEARCH_CONFIG"] == "dutch"
