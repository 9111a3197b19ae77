"""The public motion routes: their names, and the URLs built from them.

Like ``agenda.routes``: ``publications.routes`` mounts a view under each name.

=================  =============================================
route name         path under the council page
=================  =============================================
``motions``        ``moties/``
``motion``         ``moties/<pk>/``
=================  =============================================
"""

from agenda.routes import MeetingRoutes

MOTIONS = "motions"
MOTION = "motion"


class MotionRoutes(MeetingRoutes):
    """The URLs of a council page's motion routes (and, below them, its meeting routes)."""

    def motions(self):
        return self._url(MOTIONS)

    def motion(self, pk):
        return self._url(MOTION, pk)
