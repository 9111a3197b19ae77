"""Security headers on the public site, a feed, the API and the admin; no third-party host in the admin.

The public site gets a strict Content-Security-Policy (no inline script or
style, nothing from another host), the admin a looser one of its own
(config/security.py); every response a Permissions-Policy. The cache debug
header is for dev and test only.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.factories.council import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC = ["/", "/brieven/", "/leiden/", "/onderwerpen/armoede/"]
FEEDS = ["/brieven/rss/", "/brieven/atom/", "/leiden/vergaderingen/ical/"]
API = ["/api/v2/pages/", "/api/v2/meetings/"]


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_strict(response, url):
    csp = policy(response)
    assert csp["default-src"] == ["'self'"], url
    assert csp["script-src"] == ["'self'"], url
    assert csp["style-src"] == ["'self'"], url
    assert csp["object-src"] == ["'none'"], url
    assert csp["base-uri"] == ["'self'"], url
    assert csp["frame-ancestors"] == ["'self'"], url
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], url


def assert_permissions_policy(response, url):
    features = dict(part.strip().split("=") for part in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", url


@pytest.mark.parametrize("url", PUBLIC + FEEDS + API)
def test_public_pages_feeds_and_the_api_carry_the_strict_policy(client, site, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert_strict(response, url)
    assert_permissions_policy(response, url)


def test_a_pdf_gets_only_frame_ancestors_so_that_chrome_can_show_it(client, site):
    response = client.get(site.a.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert_permissions_policy(response, "pdf")


def test_the_public_site_has_no_inline_script_or_style(client, site):
    for url in PUBLIC:
        page = Attributes()
        page.feed(client.get(url).content.decode())
        assert not page.inline, f"{url}: {page.inline[:3]}"


def test_a_stored_page_keeps_the_headers_and_drops_the_debug_header_outside_dev_and_test(
    client, site, public_cache, settings
):
    first = client.get("/brieven/")
    second = client.get("/brieven/")
    assert (first["X-Public-Cache"], second["X-Public-Cache"]) == ("miss", "hit")
    assert_strict(second, "/brieven/ (stored)")
    assert_permissions_policy(second, "/brieven/ (stored)")

    settings.PUBLIC_CACHE_DEBUG_HEADER = False  # as in production
    public_cache.clear()
    for response in (client.get("/brieven/"), client.get("/brieven/")):
        assert "X-Public-Cache" not in response
        assert_strict(response, "/brieven/")


def test_the_admin_has_its_own_policy(client, site, admin_user):
    login = client.get("/beheer/login/")
    client.force_login(admin_user)
    for response in (login, client.get("/beheer/"), client.get(f"/beheer/pages/{site.a.pk}/edit/")):
        assert response.status_code == 200
        csp = policy(response)
        assert csp["default-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'self'"]
        # Wagtail's inline scripts and style attributes, from this host only.
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert_permissions_policy(response, "/beheer/")


class Attributes(HTMLParser):
    """Every URL a page loads or sends to (src, srcset, a <link>'s href, action), and inline code.

    A link the user follows (<a href>) loads nothing by itself; those are kept apart.
    """

    def __init__(self):
        super().__init__()
        self.urls = []
        self.links = []
        self.inline = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("src", "action", "poster", "data", *(("href",) if tag != "a" else ())):
            if attrs.get(name):
                self.urls.append(attrs[name])
        for name in ("srcset", "imagesrcset"):
            if attrs.get(name):
                self.urls += [part.split()[0] for part in attrs[name].split(",") if part.strip()]
        if "style" in attrs or any(name.startswith("on") for name in attrs):
            self.inline.append((tag, attrs))
        if tag == "style":
            self.inline.append((tag, attrs))
        self._in_script = (
            tag == "script"
            and "src" not in attrs
            and attrs.get("type")
            in (
                None,
                "text/javascript",
                "module",
            )
        )

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(("script", data[:80]))

    def handle_endtag(self, tag):
        self._in_script = False


def test_no_admin_page_loads_anything_from_another_host(client, site):
    user = UserFactory(
        username="beheer",
        email="beheerder@example.org",  # gravatar.com would be asked for its hash
        is_superuser=True,
        is_staff=True,
    )
    client.force_login(user)
    pages = [
        "/beheer/",
        "/beheer/account/",
        f"/beheer/pages/{site.a.pk}/edit/",
        f"/beheer/snippets/council/council/edit/{site.leiden.pk}/",
        "/beheer/users/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = Attributes()
        page.feed(response.content.decode())
        assert page.urls, url
        foreign = [
            found
            for found in page.urls
            if urlsplit(found).netloc not in ("", "testserver")
            and urlsplit(found).scheme in ("", "http", "https")
        ]
        assert not foreign, f"{url} loads {foreign}"
        assert "gravatar" not in response.content.decode(), url
