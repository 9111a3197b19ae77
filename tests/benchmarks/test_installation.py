"""The benchmarks app exists only under the dev and test settings, and no app imports it."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.management.commands.benchmark_site import Command as BenchmarkSite

ROOT = Path(__file__).resolve().parents[2]
APPS = ["config", "council", "agenda", "motions", "advice", "publications"]
PROBE = "from django.conf import settings; print('benchmarks' in settings.INSTALLED_APPS)"


def installed(env, cwd=ROOT):
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PROBE],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip() == "True"


def production_env(module="config.settings.production"):
    return {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": module,
        "DJANGO_SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
    }


@pytest.mark.parametrize(
    ("module", "expected"),
    [
        ("config.settings.production", False),
        ("config.settings.dev", True),
        ("config.settings.test", True),
    ],
)
def test_only_dev_and_test_install_the_benchmarks(module, expected):
    assert installed(production_env(module)) is expected


def test_benchmark_site_serves_with_production_settings_and_fills_with_the_app(tmp_path):
    env, database = BenchmarkSite().environment(
        tmp_path, {"postgres": None, "redis": None, "database": None}
    )

    assert database is None
    assert env["DJANGO_SETTINGS_MODULE"] == "bench_settings"
    assert installed(env) is False
    assert installed({**env, "DJANGO_SETTINGS_MODULE": "bench_fill_settings"}) is True


def test_benchmark_site_with_redis_shares_one_cache_under_a_prefix_of_its_own(tmp_path):
    env, _ = BenchmarkSite().environment(
        tmp_path, {"postgres": None, "redis": "redis://127.0.0.1:6379/0", "database": None}
    )
    probe = (
        "from django.conf import settings; c = settings.CACHES['default'];"
        " print(c['BACKEND'], c['LOCATION'], c['KEY_PREFIX'])"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    backend, location, prefix = done.stdout.split()
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert location == "redis://127.0.0.1:6379/0"
    assert prefix == env["KT_BENCHMARK_CACHE_PREFIX"] != "kanttekening"


def test_no_app_imports_the_benchmarks():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                else:
                    continue
                if any(name.split(".")[0] == "benchmarks" for name in names):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []
