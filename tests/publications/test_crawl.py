"""Crawl the demo site: every same-site link answers 200 or a deliberate redirect.

The crawl starts at each of START_POINTS and follows the ``href`` of every
``<a>`` and ``<link rel="alternate">`` on HTML pages (feeds are checked, not
parsed), and every ``<loc>`` of a sitemap. It reports every broken link at
once, with the page that linked to it.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from council.models import Council

# Where the crawl begins: the home page, and the sitemap (its <loc> elements).
START_POINTS = ["/", "/sitemap.xml"]

EXCLUDED_PREFIXES = ("/beheer/",)  # the admin: not public, and behind a login
MAX_REDIRECTS = 5
MAX_PAGES = 5000  # a generated calendar must not turn this into an endless crawl

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href")
        if not href:
            return
        if tag == "a" or (tag == "link" and "alternate" in (attrs.get("rel") or "").split()):
            self.hrefs.append(href)


def links_in(content_type, body):
    """The link targets a crawler follows from a response of this type."""
    media_type = content_type.split(";")[0].strip()
    if media_type == "text/html":
        parser = _LinkParser()
        parser.feed(body)
        return parser.hrefs
    if media_type in ("application/xml", "text/xml"):
        root = ElementTree.fromstring(body)  # noqa: S314 (our own sitemap, not user input)
        if root.tag in (f"{SITEMAP_NS}urlset", f"{SITEMAP_NS}sitemapindex"):
            return [loc.text.strip() for loc in root.iter(f"{SITEMAP_NS}loc") if loc.text]
    return []


def same_site_target(href, base, hosts):
    """``href`` as a path (with query) on this site, or None when it leaves the site."""
    url = urlsplit(urljoin(base, href))
    if url.scheme not in ("http", "https") or url.netloc not in hosts:
        return None  # mailto:, tel:, another site
    return url.path + (f"?{url.query}" if url.query else "")


def crawl(client, start_points, hosts):
    """Visit every same-site page reachable from ``start_points``.

    Returns the set of paths that answered 200 and a list of failures, each
    naming the broken URL, what it answered and the page that linked to it.
    """
    base = "http://testserver"
    queue = [(path, "(startpunt)") for path in start_points]
    seen = set(start_points)
    ok, failures = set(), []

    while queue:
        path, linked_from = queue.pop(0)
        if len(seen) > MAX_PAGES:
            failures.append(f"more than {MAX_PAGES} URLs: is a link generating new URLs?")
            break

        response = client.get(path)
        hops = [path]
        while response.status_code in (301, 302, 303, 307, 308) and len(hops) <= MAX_REDIRECTS:
            target = same_site_target(response["Location"], base + hops[-1], hosts)
            if target is None:
                break
            hops.append(target)
            response = client.get(target)
        chain = " -> ".join(hops)

        if response.status_code != 200:
            where = response.get("Location", "")
            failures.append(
                f"{chain} answered {response.status_code}"
                + (f" (to {where})" if where else "")
                + f", linked from {linked_from}"
            )
            continue
        ok.add(hops[-1])

        if response.streaming:  # a file (a letter's PDF): nothing to follow in it
            # Read to the end: the test client then closes the response with
            # Django's close_old_connections held off. Closing it directly
            # would close the test's database connection (on PostgreSQL).
            b"".join(response.streaming_content)
            continue
        body = response.content.decode(response.charset or "utf-8", errors="replace")
        for href in links_in(response.get("Content-Type", ""), body):
            target = same_site_target(href, base + hops[-1], hosts)
            if target is None or target.startswith(EXCLUDED_PREFIXES) or target in seen:
                continue
            seen.add(target)
            queue.append((target, hops[-1]))

    return ok, failures


def site_hosts():
    """The host names a link may carry and still be on this site."""
    hosts = {"testserver"}
    for site in Site.objects.all():
        hosts.add(site.hostname)
        hosts.add(f"{site.hostname}:{site.port}")
    return hosts


@pytest.mark.django_db
def test_every_link_on_the_demo_site_answers(demo, client):
    ok, failures = crawl(client, START_POINTS, site_hosts())

    assert not failures, f"{len(failures)} broken link(s):\n" + "\n".join(failures)
    # The crawl really walked the site, not just the home page.
    assert {council.page.url for council in Council.objects.all()} <= ok


@pytest.mark.django_db
def test_the_crawl_follows_redirects_on_the_site_and_reports_every_failure(demo, client):
    Redirect.objects.create(old_path="/weg", redirect_link="https://example.org/")

    ok, failures = crawl(client, ["/bestaat-niet/", "/leiden", "/weg"], site_hosts())

    assert "/leiden/" in ok  # /leiden answers 301 to /leiden/: a deliberate redirect
    assert failures == [
        "/bestaat-niet/ answered 404, linked from (startpunt)",
        "/weg answered 301 (to https://example.org/), linked from (startpunt)",
    ]


def test_links_are_read_from_anchors_alternate_links_and_sitemaps():
    html = (
        '<link rel="stylesheet" href="/static/site.css">'
        '<link rel="alternate" type="application/rss+xml" href="/feeds/rss/">'
        '<a href="/leiden/">Leiden</a><a name="anker">geen link</a>'
    )
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>http://testserver/</loc></url>"
        "<url><loc> http://testserver/leiden/ </loc><lastmod>2024-01-01</lastmod></url>"
        "</urlset>"
    )

    assert links_in("text/html; charset=utf-8", html) == ["/feeds/rss/", "/leiden/"]
    assert links_in("application/xml", sitemap) == [
        "http://testserver/",
        "http://testserver/leiden/",
    ]
    assert links_in("application/rss+xml", "<rss/>") == []


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/leiden/", "/leiden/"),
        ("brieven/?jaar=2009#lijst", "/leiden/brieven/?jaar=2009"),
        ("#inhoud", "/leiden/"),
        ("http://localhost/amersfoort/", "/amersfoort/"),
        ("http://www.clientenraad-leiden.nl", None),
        ("mailto:info@example.org", None),
        ("tel:+31711234567", None),
    ],
)
def test_only_same_site_links_are_followed(href, expected):
    hosts = {"testserver", "localhost"}

    assert same_site_target(href, "http://testserver/leiden/", hosts) == expected
