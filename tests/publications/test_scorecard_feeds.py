"""The feeds of decisions taken without the council or before its advice."""

import datetime

import feedparser
import pytest
import time_machine

from advice.models import ConsultationVerdictEvent
from tests.factories.advice import ConsultationFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

FIRST = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
SECOND = datetime.datetime(2026, 4, 6, 9, 0, tzinfo=datetime.UTC)
THIRD = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
D = datetime.date


def parse(response):
    assert response.status_code == 200, response.wsgi_request.path
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


@pytest.fixture
def record():
    """Two councils, each with a council page; consultations recorded at fixed moments."""
    leiden = CouncilFactory(name="Cliëntenraad Leiden", slug="leiden")
    other = CouncilFactory(name="Cliëntenraad Elders", slug="elders")
    council_page(leiden)
    council_page(other)
    body = MunicipalBodyFactory(municipality=leiden.municipality, name="College", slug="college")
    with time_machine.travel(FIRST, tick=False):
        not_asked = ConsultationFactory(
            council=leiden, body=body, subject="Nieuwe werkwijze", decided_on=D(2026, 2, 20)
        )
    with time_machine.travel(SECOND, tick=False):
        ConsultationFactory(
            council=leiden,
            subject="Op tijd gevraagd",
            asked_on=D(2026, 1, 5),
            decided_on=D(2026, 3, 30),
        )
        too_early = ConsultationFactory(
            council=other,
            subject="Besluit voor het advies",
            asked_on=D(2026, 3, 2),
            advice_due=D(2026, 4, 1),
            decided_on=D(2026, 3, 20),
        )
    return leiden, other, not_asked, too_early


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_platform_feed_lists_the_bypassed_decisions_newest_first(client, record, fmt):
    leiden, other, not_asked, too_early = record

    parsed = parse(client.get(f"/raadplegingen/zonder-raad/{fmt}/"))

    assert [entry.title for entry in parsed.entries] == [
        "Besloten vóór het advies: Besluit voor het advies",
        "Niet gevraagd: Nieuwe werkwijze",
    ]
    newest, oldest = parsed.entries
    event = ConsultationVerdictEvent.objects.get(consultation=not_asked)
    assert oldest.id == f"tag:localhost,2026-03-02:raadpleging/{not_asked.pk}/oordeel/{event.pk}"
    assert oldest.link == f"http://testserver/leiden/raadplegingen/{not_asked.pk}/"
    assert "de cliëntenraad is niet om advies gevraagd" in oldest.summary
    assert "Besluit van College." in oldest.content[0].value
    assert client.get(oldest.link).status_code == 200
    assert parsed.feed.link == "http://testserver/raadplegingen/"


def test_council_feed_holds_only_that_council(client, record):
    leiden, other, not_asked, too_early = record

    parsed = parse(client.get("/raadplegingen/zonder-raad/elders/rss/"))

    assert [entry.title for entry in parsed.entries] == [
        "Besloten vóór het advies: Besluit voor het advies"
    ]
    assert parsed.feed.link == "http://testserver/elders/raadplegingen/"


@pytest.mark.parametrize(
    "path",
    [
        "/raadplegingen/zonder-raad/json/",
        "/raadplegingen/zonder-raad/bestaat-niet/rss/",
        "/raadplegingen/zonder-raad/leiden/xml/",
    ],
)
def test_unknown_feeds_are_not_found(client, record, path):
    assert client.get(path).status_code == 404


def test_a_new_bypassed_verdict_changes_the_feed_and_its_etag(
    client, record, django_capture_on_commit_callbacks
):
    leiden, *_ = record
    first = client.get("/raadplegingen/zonder-raad/leiden/atom/")
    assert (
        client.get(
            "/raadplegingen/zonder-raad/leiden/atom/", HTTP_IF_NONE_MATCH=first["ETag"]
        ).status_code
        == 304
    )

    # The service tells the cache once its transaction commits.
    with (
        time_machine.travel(THIRD, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ConsultationFactory(council=leiden, subject="Weer niet gevraagd", decided_date_unknown=True)
        ConsultationFactory(council=leiden, subject="Nog geen besluit", asked_on=D(2026, 5, 1))

    changed = client.get(
        "/raadplegingen/zonder-raad/leiden/atom/", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert changed.status_code == 200
    assert [entry.title for entry in parse(changed).entries] == [
        "Niet gevraagd: Weer niet gevraagd",
        "Niet gevraagd: Nieuwe werkwijze",
    ]


def test_home_and_council_pages_link_the_feeds(client, record):
    home = client.get("/").content.decode()
    council = client.get("/leiden/").content.decode()
    scorecard = client.get("/leiden/raadplegingen/").content.decode()

    assert 'href="/raadplegingen/zonder-raad/rss/"' in home
    for html in (council, scorecard):
        assert (
            'type="application/atom+xml" href="/raadplegingen/zonder-raad/leiden/atom/"' in (html)
            or 'href="/raadplegingen/zonder-raad/leiden/atom/"' in html
        )


def test_feed_queries_do_not_grow_with_its_entries(client, record, django_assert_max_num_queries):
    leiden, *_ = record
    for n in range(20):
        ConsultationFactory(council=leiden, subject=f"Besluit {n}", decided_date_unknown=True)

    with django_assert_max_num_queries(14):
        parse(client.get("/raadplegingen/zonder-raad/rss/"))


def test_an_entry_links_its_letter_only_while_the_letter_is_public(client, record, settings):
    from wagtail.models import PageViewRestriction

    from tests.factories.advice import published_letter

    leiden, *_ = record
    letter = published_letter(leiden, title="Advies over de werkwijze", sent_on=D(2026, 2, 25))
    with time_machine.travel(THIRD, tick=False):
        ConsultationFactory(
            council=leiden,
            subject="Besloten, daarna geadviseerd",
            decided_on=D(2026, 2, 20),
            letter=letter,
        )
    settings.PUBLIC_CACHE_ENABLED = True
    feeds = ["/raadplegingen/zonder-raad/atom/", "/raadplegingen/zonder-raad/leiden/atom/"]
    for path in feeds:
        assert letter.url in client.get(path).content.decode()  # and now cached

    PageViewRestriction.objects.create(page=letter, restriction_type="login")
    for path in feeds:
        assert letter.url not in client.get(path).content.decode()

    PageViewRestriction.objects.all().delete()
    letter.unpublish()
    for path in feeds:
        assert letter.url not in client.get(path).content.decode()
