"""URLs of the public consultation pages, which are routes on a council page.

Like ``agenda.routes``, this layer knows the routes of
``publications.CouncilPage`` by name only (it may not import it):

========================  ==========================================
route name                path under the council page
========================  ==========================================
``consultations``         ``raadplegingen/`` (the council's scorecard)
``consultation_list``     ``raadplegingen/alle/``
``consultation``          ``raadplegingen/<pk>/``
========================  ==========================================
"""

from agenda.routes import CouncilRoutes


class ConsultationRoutes(CouncilRoutes):
    def consultations(self):
        return self._url("consultations")

    def consultation_list(self):
        return self._url("consultation_list")

    def consultation(self, pk):
        return self._url("consultation", pk)
