"""URLs of the public meeting and motion pages, which are routes on a council page.

The routes are declared on ``publications.CouncilPage`` (a RoutablePageMixin
page); this layer may not import it, so it knows the routes by their names.
Those names are the contract between the two layers:

=================  =============================================
route name         path under the council page
=================  =============================================
``meetings``       ``vergaderingen/``
``meeting``        ``vergaderingen/<pk>/``
``calendar``       ``vergaderingen/ical/``
``body_calendar``  ``vergaderingen/ical/<body-slug>/``
``motions``        ``moties/``
``motion``         ``moties/<pk>/``
=================  =============================================

Wagtail serves a page's routes only on paths of slash-ended segments of
letters, digits, ``-`` and ``_`` (``WAGTAIL_APPEND_SLASH``), so the feeds
cannot end in ``.ics``; their responses name the file ``*.ics``.
"""


class CouncilRoutes:
    """Builds the URLs of one council page's routes, relative or absolute."""

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
        """The routes of the council's live, routable page; None while there is none.

        Reaches the page as ``council.page`` (the publications layer may not be
        imported here); select ``council__page`` to keep it query-free.
        """
        page = getattr(council, "page", None)
        if page is None or not page.live:
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

    def meetings(self):
        return self._url("meetings")

    def meeting(self, pk):
        return self._url("meeting", pk)

    def calendar(self):
        return self._url("calendar")

    def body_calendar(self, body_slug):
        return self._url("body_calendar", body_slug)

    def motions(self):
        return self._url("motions")

    def motion(self, pk):
        return self._url("motion", pk)
