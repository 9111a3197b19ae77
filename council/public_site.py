"""How a lower layer reaches the public site without importing it.

The public page tree (the home page, a page per council, the routes mounted
on them) belongs to ``publications``, the top layer. The layers below it
still need to ask it a few things: is this council's record public, under
which page does a new letter go, what is the URL of a route. This module
declares those questions as :class:`PublicSite`; ``publications`` registers
its answer in ``PublicationsConfig.ready()``, and no lower app names the
page models, their reverse relation from ``Council`` or their routes.

Route names belong to the app that owns the records a route shows (see
``agenda.routes``, ``motions.routes``, ``advice.consultations.routes``);
``publications.routes`` mounts each view under that name.
"""

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class PublicSite(Protocol):
    def council_page(self, council):
        """The council's page in the public tree, live or not, or None while it has none."""

    def live_council_page(self, council):
        """The council's page if it is live, else None (query-free after ``council_page_path``)."""

    def council_page_path(self, council_path):
        """The ``select_related`` path that makes ``live_council_page`` query-free.

        ``council_path`` is the path from the queried model to its council,
        e.g. ``"meeting__council"``.
        """

    def public_q(self, council_path):
        """A ``Q`` for records whose council (at ``council_path``) has a live, public page.

        ``""`` filters councils themselves.
        """

    def home_path(self, name, *args):
        """The path of a route of the platform's home page (menu, topic links)."""

    def feeds_for_context(self, context):
        """The feeds a page links with ``<link rel="alternate">``, from its template context."""


_site = None


def register(site):
    """Install the public site; ``publications`` calls this once, at startup."""
    global _site
    _site = site


def public_site() -> PublicSite:
    if _site is None:
        raise ImproperlyConfigured(
            "No public site registered: install the app that provides it (publications)."
        )
    return _site


class RouteUrls:
    """The URLs of the routes on one routable page, relative or absolute.

    Built from the page a route is served on (its views get it as ``page``)
    or with :meth:`of_live_council`. Subclasses name the routes of their app.
    """

    def __init__(self, page, request=None, *, full=False):
        """``full=True`` builds every URL on the site's own root URL (for sitemaps)."""
        self.page = page
        self.request = request
        if full:
            self.base = page.get_full_url(request=request) or ""
        else:
            self.base = page.get_url(request=request) or ""

    @classmethod
    def of_live_council(cls, council):
        """The routes of the council's live, routable page; None while there is none."""
        page = public_site().live_council_page(council)
        if page is None:
            return None
        routes = cls(page)
        return routes if routes.page_url() else None

    def _url(self, name, *args):
        return self.base + self.page.reverse_subpage(name, args=args)

    def absolute(self, url):
        if self.request is None:
            return url
        return self.request.build_absolute_uri(url)

    def page_url(self):
        return self.base
