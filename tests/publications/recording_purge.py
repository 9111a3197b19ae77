"""A frontend cache backend for tests: records the URLs it is asked to purge.

It stands in for a CDN's API (Cloudflare, CloudFront, Varnish), which the
tests cannot reach; what it records is what ``wagtail.contrib.frontend_cache``
would send.
"""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

PURGED = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)
