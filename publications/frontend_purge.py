"""Purging what a change made stale from a CDN or reverse proxy.

The page cache knows which stored URLs show which scopes (the Redis mirror
remembers them, ``publications.scope_mirror``). When a bump commits, the
URLs of its scopes are purged from the frontend cache configured in
``WAGTAILFRONTENDCACHE`` (``wagtail.contrib.frontend_cache``: Cloudflare,
CloudFront, Azure, Varnish/HTTP PURGE), on the queue, so that a publish does
not wait for a CDN's API. Without ``WAGTAILFRONTENDCACHE`` nothing is
remembered or purged, and ``s-maxage`` alone bounds how long a shared cache
may keep a page (``publications.caching.shared_cache_control``).
"""

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from council.background import enqueue_on_commit, task

from . import scope_mirror


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_after_commit(scopes):
    """Enqueue the purge of the URLs stored under ``scopes``, once the change commits."""
    if scopes and configured() and scope_mirror.mirror() is not None:
        enqueue_on_commit(purge_scopes, sorted(scopes))


@task()
def purge_scopes(scopes):
    """Purge the URLs remembered under ``scopes``; returns how many."""
    mirror = scope_mirror.mirror()
    if mirror is None:
        return 0
    urls = sorted(mirror.take_urls(scopes))
    if urls:
        purge_urls_from_cache(urls)
    return len(urls)
