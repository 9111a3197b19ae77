"""The public meeting routes: their names, and the URLs built from them.

The routes are mounted on a council page by ``publications.routes`` (the
route table of the public site, which this layer may not import); this app
owns the names, and the route table mounts a view under each:

=================  =============================================
route name         path under the council page
=================  =============================================
``meetings``       ``vergaderingen/``
``meeting``        ``vergaderingen/<pk>/``
``calendar``       ``vergaderingen/ical/``
``body_calendar``  ``vergaderingen/ical/<body-slug>/``
=================  =============================================

Wagtail serves a page's routes only on paths of slash-ended segments of
letters, digits, ``-`` and ``_`` (``WAGTAIL_APPEND_SLASH``), so the feeds
cannot end in ``.ics``; their responses name the file ``*.ics``.

Which council page, and whether it is live, the public site decides
(``council.public_site``).
"""

from council.public_site import RouteUrls

MEETINGS = "meetings"
MEETING = "meeting"
CALENDAR = "calendar"
BODY_CALENDAR = "body_calendar"


class MeetingRoutes(RouteUrls):
    """The URLs of a council page's meeting routes."""

    def meetings(self):
        return self._url(MEETINGS)

    def meeting(self, pk):
        return self._url(MEETING, pk)

    def calendar(self):
        return self._url(CALENDAR)

    def body_calendar(self, body_slug):
        return self._url(BODY_CALENDAR, body_slug)
