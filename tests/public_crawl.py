"""A bounded crawl of the public site that keeps every response: status, type and bytes.

``crawl(client)`` starts at the home page, the sitemap, a search and the API's lists,
and follows breadth-first every same-site URL it finds: ``href``/``src`` of
HTML pages, ``<loc>`` of the sitemap, ``<link>`` and enclosures of feeds,
``detail_url``/``html_url``/``next`` of the API, ``url``/``link`` of ODS; PDFs, texts and calendars
are fetched, not read. ``fetch(client, paths)`` gets exactly those paths
again, so that a second run (on a restored database) can be compared
response by response (tests/advice/test_backup_restore.py).

tests/publications/test_crawl.py is the link checker: it follows anchors and
sitemaps only and keeps no bodies.
"""

import html
import re
from collections import deque
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

START = (
    "/",
    "/sitemap.xml",
    "/brieven/?q=advies",  # a search: the full-text index comes back with the database
    "/api/v2/pages/",
    "/api/v2/meetings/",
    "/api/v2/motions/",
    "/api/v2/consultations/",
    "/api/ods/v2/vergaderingen",
    "/api/ods/v2/agendapunten",
    "/api/ods/v2/informatieobjecten",
)
#: Not public (the admin), or not the database's (static files belong to the code).
SKIP = ("/beheer/", "/static/")
HOST = "testserver"
READ = ("html", "xml", "json")  # the content types whose links are followed

LINKS = (
    re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']"""),
    re.compile(r"<(?:loc|link|id)>\s*([^<\s]+)\s*</(?:loc|link|id)>"),
    re.compile(r"""<enclosure\b[^>]*\burl=["']([^"']+)["']"""),
    re.compile(r'"(?:detail_url|html_url|next|previous|url|link)"\s*:\s*"([^"]+)"'),
)


@dataclass(frozen=True)
class Page:
    status: int
    content_type: str
    location: str
    body: bytes


def _get(client, path):
    response = client.get(path)
    # A file is read to the end: the test client then closes the response
    # itself (see tests/publications/test_crawl.py).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Page(
        response.status_code,
        response.get("Content-Type", ""),
        response.get("Location", ""),
        body,
    )


def _same_site(url, base):
    parts = urlsplit(urljoin(base, html.unescape(url)))
    if parts.scheme not in ("http", "https") or parts.netloc != HOST:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if path.startswith(SKIP) else path


def links(page, path):
    """The same-site paths ``page`` (answered for ``path``) points to."""
    found = [page.location] if page.location else []
    if any(kind in page.content_type for kind in READ):
        text = page.body.decode("utf-8", "replace")
        found += [match for pattern in LINKS for match in pattern.findall(text)]
    targets = (_same_site(url, f"http://{HOST}{path}") for url in found)
    return [target for target in targets if target]


def crawl(client, *, start=START, limit=500):
    """``({path: Page}, paths found but not fetched)``; at most ``limit`` pages, breadth-first."""
    seen = dict.fromkeys(start)
    queue = deque(start)
    pages = {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        page = pages[path] = _get(client, path)
        for target in links(page, path):
            if target not in seen:
                seen[target] = None
                queue.append(target)
    return pages, [path for path in seen if path not in pages]


def fetch(client, paths):
    return {path: _get(client, path) for path in paths}
