"""The public site on the demo content, and on an empty site."""

import datetime

import feedparser
import pytest
import time_machine

from tests.publications.test_index import titles

pytestmark = pytest.mark.django_db


def test_an_empty_site_answers_with_valid_empty_lists(client):
    for path in ("/", "/brieven/", "/onderwerpen/", "/open-data/", "/sitemap.xml"):
        assert client.get(path).status_code == 200, path
    first = client.get("/brieven/atom/")
    with time_machine.travel(datetime.datetime(2031, 1, 1, tzinfo=datetime.UTC)):
        second = client.get("/brieven/atom/")

    parsed = feedparser.parse(first.content)
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert first.content == second.content  # no "now" in an empty feed
    assert client.get("/api/v2/pages/").json() == {
        "meta": {"total_count": 0, "next": None, "previous": None},
        "items": [],
    }


def test_the_demo_is_indexed_for_search(client, demo):
    assert titles(client, "?q=Winnersway") == [
        "Advies voor de commissie Werk &amp; Financiën van 7 april 2009"
    ]
    assert titles(client, "?q=Winnersway&council=amersfoort") == []
    assert len(titles(client, "?q=bejegening&council=leidschendam-voorburg")) == 1
