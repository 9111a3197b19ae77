"""The router of the open-data API, and the endpoints' documentation for the open-data page."""

from wagtail.api.v2.router import WagtailAPIRouter

api_router = WagtailAPIRouter("wagtailapi")


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
