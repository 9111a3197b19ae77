"""The public consultation routes: their names, and the URLs built from them.

Like ``agenda.routes``: ``publications.routes`` mounts a view under each name.

========================  ==========================================
route name                path under the council page
========================  ==========================================
``consultations``         ``raadplegingen/`` (the council's scorecard)
``consultation_list``     ``raadplegingen/alle/``
``consultation``          ``raadplegingen/<pk>/``
========================  ==========================================
"""

from motions.routes import MotionRoutes

CONSULTATIONS = "consultations"
CONSULTATION_LIST = "consultation_list"
CONSULTATION = "consultation"


class ConsultationRoutes(MotionRoutes):
    """The URLs of every route of a council page: consultations, motions and meetings."""

    def consultations(self):
        return self._url(CONSULTATIONS)

    def consultation_list(self):
        return self._url(CONSULTATION_LIST)

    def consultation(self, pk):
        return self._url(CONSULTATION, pk)
