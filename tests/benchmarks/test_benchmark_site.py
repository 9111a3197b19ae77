"""``benchmark_site``'s own parts: the query-count header and what it chooses to measure."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.bulk import add_published_letters
from publications.models import CouncilPage

pytestmark = pytest.mark.django_db


def test_the_query_count_header_counts_every_statement_of_the_request(demo, client, settings):
    settings.PUBLIC_CACHE_ENABLED = False
    settings.MIDDLEWARE = ["benchmarks.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/brieven/")

    assert response.status_code == 200
    assert int(response["X-Query-Count"]) == len(queries.captured_queries) > 3


def test_the_targets_are_public_pages_of_the_bulk_letters(demo, client):
    page = CouncilPage.objects.order_by("pk").first()
    add_published_letters(page, 12, days_apart=30.5)
    out = io.StringIO()

    call_command("benchmark_site", "--describe", stdout=out)

    described = dict(json.loads(out.getvalue())["targets"])
    assert "/bulk-" in described["brief"]
    assert described["index raad + jaar"].startswith(f"/brieven/?council={page.council.slug}&year=")
    for name, path in described.items():
        assert client.get(path).status_code == 200, (name, path)
