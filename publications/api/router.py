"""The router of the open-data API, its root, and the endpoints' documentation for the open-data page."""

from django.http import JsonResponse
from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from .. import caching
from ..links import home_path


class PublicAPIRouter(WagtailAPIRouter):
    """Wagtail's router, with ``/api/v2/`` itself listing the endpoints."""

    def get_urlpatterns(self):
        return [path("", self.root_view, name="root"), *super().get_urlpatterns()]

    def root_view(self, request):
        caching.depends_on(request)
        return JsonResponse(
            {
                "description": (
                    "Open data van Kanttekening: gepubliceerde brieven, vergaderingen, "
                    "moties en consultaties van cliëntenraden. Alleen lezen, JSON."
                ),
                "documentation": request.build_absolute_uri(home_path("open_data")),
                "endpoints": [
                    {
                        **doc,
                        "url": request.build_absolute_uri(doc["path"]),
                        "filters": dict(doc["filters"]),
                    }
                    for doc in endpoint_docs()
                ],
            },
            json_dumps_params={"ensure_ascii": False},
        )


api_router = PublicAPIRouter("wagtailapi")


def endpoint_docs():
    """What the open-data page lists: each endpoint, its fields and its filters."""
    return [
        {
            "name": name,
            "path": f"/api/v2/{name}/",
            "description": viewset.open_data_description,
            "fields": [
                field if isinstance(field, str) else field.name
                for field in [*viewset.body_fields, *viewset.meta_fields]
            ],
            "filters": [
                (param, query_filter.help) for param, query_filter in viewset.query_filters.items()
            ],
        }
        for name, viewset in api_router._endpoints.items()
    ]
