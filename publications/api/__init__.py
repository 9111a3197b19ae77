"""The open-data API: read-only JSON of published letters, meetings and motions.

Built on Wagtail's API v2 (``WagtailAPIRouter``, ``BaseAPIViewSet``), at
``/api/v2/``. Every endpoint derives from :class:`PublicAPIMixin`: JSON only,
no authentication (the answer is the same for everyone, and a logged-in
editor sees no more than anyone else), explicit fields, explicit query
parameters whose values are checked before they reach the database (a bad
value is a 400 with a message, never a 500), and the public cache's scopes.

Adding an endpoint (see docs/public-site.md)::

    class ConsultationsAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
        name = "consultations"
        model = Consultation
        cache_scopes = (caching.CONSULTATIONS,)
        body_fields = ["id", APIField("verdict", serializer=Computed(lambda c, r: ...))]
        query_filters = {"council": QueryFilter(by_council_slug, "slug van de cliëntenraad")}

        def get_queryset(self):
            return Consultation.objects.filter(...).order_by("-pk")

    api_router.register_endpoint("consultations", ConsultationsAPIViewSet)

A module per endpoint (``letters``, ``meetings``, ``motions``,
``consultations``) on the building blocks of ``base``; this package
registers them on ``router.api_router``.
"""

from .consultations import ConsultationsAPIViewSet
from .letters import LetterPagesAPIViewSet
from .meetings import MeetingsAPIViewSet
from .motions import MotionsAPIViewSet
from .router import api_router, endpoint_docs

api_router.register_endpoint("pages", LetterPagesAPIViewSet)
api_router.register_endpoint("meetings", MeetingsAPIViewSet)
api_router.register_endpoint("motions", MotionsAPIViewSet)
api_router.register_endpoint("consultations", ConsultationsAPIViewSet)

__all__ = ["api_router", "endpoint_docs"]
