"""The feeds of a council's motions, meetings and consultations, and its deadlines calendar."""

import datetime
import re
import xml.etree.ElementTree as ET  # noqa: S405  (our own feeds, parsed in a test)

import feedparser
import icalendar
import pytest
import time_machine
from wagtail.models import PageViewRestriction

from advice.models import Consultation
from motions.models import Motion
from publications import caching
from tests.factories.advice import ConsultationFactory
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory
from tests.factories.motions import MotionFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC)
D = datetime.date
SECRET = "Zwijgplichtonderwerp"
RESPONSE_OVERDUE_FROM = "2026-03-16T00:00"  # the day after 6 weeks from 1 February

COUNCIL_FEEDS = [
    "/leiden/moties/feed/{fmt}/",
    "/leiden/vergaderingen/feed/{fmt}/",
    "/leiden/raadplegingen/feed/{fmt}/",
]


def parse(response):
    assert response.status_code == 200, response.wsgi_request.path
    ET.fromstring(response.content)  # noqa: S314  (our own feed)
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def record():
    leiden = CouncilFactory(name="Cliëntenraad Leiden", slug="leiden")
    page = council_page(leiden)
    body = MunicipalBodyFactory(municipality=leiden.municipality, name="College", slug="college")
    motions = {
        "disposed": MotionFactory(
            council=leiden, title="Armoedeval", deadline=D(2026, 3, 1), disposed_on=D(2026, 2, 20)
        ),
        "overdue": MotionFactory(council=leiden, title="Schuldhulp", deadline=D(2026, 5, 31)),
        "late": MotionFactory(
            council=leiden, title="Bijstand", deadline=D(2026, 1, 31), disposed_on=D(2026, 4, 2)
        ),
        "open": MotionFactory(council=leiden, title="Open motie", deadline=D(2026, 9, 30)),
        "rejected": MotionFactory(
            council=leiden,
            title="Verworpen motie",
            deadline=D(2026, 1, 1),
            vote=Motion.Vote.REJECTED,
        ),
    }
    planned = MeetingFactory(council=leiden, body=body, title="Commissie Zorg", date=D(2026, 7, 1))
    with_agenda = MeetingFactory(
        council=leiden, body=body, title="Commissie Werk", date=D(2026, 7, 8)
    )
    AgendaItemFactory(meeting=with_agenda, title="Re-integratie & werk")
    consultation = ConsultationFactory(
        council=leiden,
        body=body,
        subject="Nieuwe werkwijze",
        decided_on=D(2026, 2, 20),
        advice_due=D(2026, 2, 10),
    )
    answered = ConsultationFactory(
        council=leiden,
        subject="Minimabeleid",
        asked_on=D(2026, 1, 5),
        advice_due=D(2026, 2, 5),
        advice_sent_on=D(2026, 2, 1),
        decided_on=D(2026, 3, 30),
    )
    return leiden, page, motions, planned, with_agenda, consultation, answered


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_motion_feed_lists_overdue_and_disposed_newest_first(client, record, fmt):
    leiden, page, motions, *_ = record

    parsed = parse(client.get(f"/leiden/moties/feed/{fmt}/"))

    assert [entry.title for entry in parsed.entries] == [
        "Termijn verlopen: Schuldhulp",
        "Afgedaan: Bijstand",
        "Afgedaan: Armoedeval",
        "Termijn verlopen: Bijstand",
    ]
    overdue = parsed.entries[0]
    pk = motions["overdue"].pk
    assert overdue.id == f"tag:localhost,2026-06-01:motie/{pk}/termijn-verlopen"
    assert overdue.link == f"http://testserver/leiden/moties/{pk}/"
    assert client.get(overdue.link).status_code == 200
    assert parsed.feed.link == "http://testserver/leiden/moties/"


def test_one_motion_has_its_own_feed(client, record):
    leiden, page, motions, *_ = record
    pk = motions["late"].pk

    parsed = parse(client.get(f"/leiden/moties/{pk}/feed/atom/"))

    assert [entry.title for entry in parsed.entries] == [
        "Afgedaan: Bijstand",
        "Termijn verlopen: Bijstand",
    ]
    other = Motion.objects.exclude(council=leiden).first()
    assert other is None or client.get(f"/leiden/moties/{other.pk}/feed/rss/").status_code == 404
    assert client.get("/leiden/moties/999999/feed/rss/").status_code == 404
    assert client.get(f"/leiden/moties/{pk}/feed/json/").status_code == 404


def test_meeting_feed_has_scheduled_and_agenda_published(client, record):
    *_, planned, with_agenda, _consultation, _answered = record

    parsed = parse(client.get("/leiden/vergaderingen/feed/rss/"))

    titles = {entry.title for entry in parsed.entries}
    assert titles == {
        "Vergadering gepland: Commissie Zorg (1 juli 2026)",
        "Vergadering gepland: Commissie Werk (8 juli 2026)",
        "Agenda gepubliceerd: Commissie Werk (8 juli 2026)",
    }
    agenda = next(e for e in parsed.entries if e.title.startswith("Agenda"))
    # Plain text, escaped once: the reader shows "&", not "&amp;".
    assert "Re-integratie &amp; werk" in agenda.description
    assert "&amp;amp;" not in agenda.description
    assert agenda.link == f"http://testserver/leiden/vergaderingen/{with_agenda.pk}/"


def test_consultation_feeds_list_recorded_and_derived_verdict_events(client, record):
    leiden, *_, consultation, answered = record
    late = ConsultationFactory(
        council=leiden, subject="Krap gevraagd", asked_on=D(2026, 3, 2), decided_on=D(2026, 3, 5)
    )

    council_feed = parse(client.get("/leiden/raadplegingen/feed/atom/"))
    one = parse(client.get(f"/leiden/raadplegingen/{consultation.pk}/feed/rss/"))
    overdue = parse(client.get(f"/leiden/raadplegingen/{answered.pk}/feed/rss/"))

    # Newest first: the response to the advice of 1 February was due within
    # the council's term; the late request on its decision date; the
    # recorded "not consulted" event when it was recorded (today).
    assert [(e.title, e.published[:16]) for e in council_feed.entries] == [
        ("Niet gevraagd: Nieuwe werkwijze", "2026-06-15T10:00"),
        ("Antwoord te laat: Minimabeleid", RESPONSE_OVERDUE_FROM),
        ("Te laat gevraagd: Krap gevraagd", "2026-03-05T00:00"),
    ]
    assert (
        council_feed.entries[2].id
        == f"tag:localhost,2026-03-05:raadpleging/{late.pk}/te-laat-gevraagd"
    )
    assert [e.title for e in one.entries] == ["Niet gevraagd: Nieuwe werkwijze"]
    assert [e.title for e in overdue.entries] == ["Antwoord te laat: Minimabeleid"]
    assert one.feed.link == f"http://testserver/leiden/raadplegingen/{consultation.pk}/"


def test_feeds_answer_304_when_unchanged_and_200_after_a_change(
    client, record, django_capture_on_commit_callbacks
):
    *_, consultation, _answered = record
    for template in COUNCIL_FEEDS:
        url = template.format(fmt="rss")
        first = client.get(url)
        etag, modified = first["ETag"], first["Last-Modified"]
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    url = "/leiden/raadplegingen/feed/rss/"
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        ConsultationFactory(council=consultation.council, subject="Later", decided_on=D(2026, 6, 1))
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Later" in changed.content.decode()
    motions_etag = client.get("/leiden/moties/feed/rss/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        MotionFactory(council=consultation.council, title="Nieuw", deadline=D(2026, 6, 1))
    changed = client.get("/leiden/moties/feed/rss/", HTTP_IF_NONE_MATCH=motions_etag)
    assert "Termijn verlopen: Nieuw" in changed.content.decode()
    # A daily feed (motions) changes at midnight: its ETag holds the date.
    motions_etag = client.get("/leiden/moties/feed/rss/")["ETag"]
    with time_machine.travel(TODAY + datetime.timedelta(days=1), tick=False):
        assert (
            client.get("/leiden/moties/feed/rss/", HTTP_IF_NONE_MATCH=motions_etag).status_code
            == 200
        )


def _alternates(response):
    return re.findall(r'<link rel="alternate"[^>]*href="([^"]+)"', response.content.decode())


def test_pages_link_their_feeds(client, record):
    leiden, page, motions, planned, with_agenda, consultation, _answered = record
    council_feeds = [
        "/leiden/moties/feed/rss/",
        "/leiden/moties/feed/atom/",
        "/leiden/vergaderingen/feed/rss/",
        "/leiden/raadplegingen/feed/atom/",
        "/leiden/termijnen/ical/",
    ]
    for url in ["/leiden/moties/", "/leiden/vergaderingen/", "/leiden/raadplegingen/alle/"]:
        links = _alternates(client.get(url))
        for feed in council_feeds:
            assert any(link.endswith(feed) for link in links), (url, feed)
    pk = motions["overdue"].pk
    links = _alternates(client.get(f"/leiden/moties/{pk}/"))
    assert any(link.endswith(f"/leiden/moties/{pk}/feed/rss/") for link in links)
    links = _alternates(client.get(f"/leiden/raadplegingen/{consultation.pk}/"))
    assert any(
        link.endswith(f"/leiden/raadplegingen/{consultation.pk}/feed/atom/") for link in links
    )
    for link in _alternates(client.get(f"/leiden/raadplegingen/{consultation.pk}/")):
        assert client.get(link).status_code == 200, link


def test_deadlines_calendar(client, record):
    leiden, page, motions, *_rest, consultation, answered = record

    response = client.get("/leiden/termijnen/ical/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert "Advies uiterlijk: Nieuwe werkwijze" in events
    assert "Advies uiterlijk: Minimabeleid" in events
    assert "Antwoord van het college uiterlijk: Minimabeleid" in events
    assert "Termijn motie: Schuldhulp" in events
    assert "Termijn motie: Verworpen motie" not in events
    due = events["Advies uiterlijk: Minimabeleid"]
    assert due.decoded("dtstart") == D(2026, 2, 5)
    assert "DTSTART;VALUE=DATE:20260205" in response.content.decode()
    assert str(due["url"]) == f"http://testserver/leiden/raadplegingen/{answered.pk}/"
    assert str(due["uid"]) == f"raadpleging-{answered.pk}-advies@localhost"
    motion = events["Termijn motie: Schuldhulp"]
    assert str(motion["url"]) == f"http://testserver/leiden/moties/{motions['overdue'].pk}/"
    # Stable: fetched again, the same document.
    assert client.get("/leiden/termijnen/ical/").content == response.content


def _hidden_council(how):
    hidden = CouncilFactory(name=f"Raad {SECRET}", slug="verborgen")
    page = council_page(hidden)
    body = MunicipalBodyFactory(municipality=hidden.municipality, slug="verborgen-orgaan")
    MotionFactory(council=hidden, title=SECRET, deadline=D(2026, 1, 1), disposed_on=D(2026, 2, 1))
    meeting = MeetingFactory(council=hidden, body=body, title=SECRET, date=D(2026, 7, 1))
    AgendaItemFactory(meeting=meeting, title=SECRET)
    ConsultationFactory(
        council=hidden, subject=SECRET, decided_on=D(2026, 2, 20), advice_due=D(2026, 2, 1)
    )
    if how == "unpublished":
        page.unpublish()
    else:
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    return hidden


@pytest.mark.parametrize("how", ["unpublished", "login"])
def test_no_feed_or_calendar_shows_a_non_public_record(client, record, how):
    _hidden_council(how)
    urls = [t.format(fmt=fmt) for t in COUNCIL_FEEDS for fmt in ("rss", "atom")]
    urls += ["/leiden/termijnen/ical/", "/raadplegingen/zonder-raad/rss/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
    hidden = [t.replace("/leiden/", "/verborgen/") for t in COUNCIL_FEEDS]
    motion = Motion.objects.get(title=SECRET)
    consultation = Consultation.objects.get(subject=SECRET)
    hidden += [
        f"/verborgen/moties/{motion.pk}/feed/{{fmt}}/",
        f"/verborgen/raadplegingen/{consultation.pk}/feed/{{fmt}}/",
        # Nor under another council's page.
        f"/leiden/moties/{motion.pk}/feed/{{fmt}}/",
        f"/leiden/raadplegingen/{consultation.pk}/feed/{{fmt}}/",
    ]
    for template in [*hidden, "/verborgen/termijnen/ical/"]:
        response = client.get(template.format(fmt="rss"))
        assert response.status_code in (302, 404), template
        assert SECRET not in response.content.decode()


def _grow(leiden, count):
    body = MunicipalBodyFactory(municipality=leiden.municipality, slug=f"orgaan-{count}")
    for n in range(count):
        MotionFactory(
            council=leiden,
            deadline=D(2026, 1, 1) + datetime.timedelta(days=n % 150),
            disposed_on=D(2026, 5, 1) if n % 2 else None,
        )
        meeting = MeetingFactory(council=leiden, body=body, date=D(2026, 7, 1))
        AgendaItemFactory(meeting=meeting)
        # Not consulted (a recorded event), or asked late with its advice
        # unanswered (two derived events), in turn.
        ConsultationFactory(
            council=leiden,
            subject=f"Besluit {n}",
            asked_on=D(2026, 2, 1) if n % 2 else None,
            advice_sent_on=D(2026, 2, 10) if n % 2 else None,
            decided_on=D(2026, 2, 20),
            advice_due=D(2026, 2, 1),
        )
    caching.bump(caching.council_scope(leiden.pk))


@pytest.mark.parametrize("count", [3, 60])
def test_queries_do_not_grow_with_the_data(client, record, count, django_assert_max_num_queries):
    leiden, *_ = record
    _grow(leiden, count)
    urls = [t.format(fmt="atom") for t in COUNCIL_FEEDS] + ["/leiden/termijnen/ical/"]
    for url in urls:
        # 13: one of them, the public documents of the records the entries show.
        with django_assert_max_num_queries(13):
            response = client.get(url)
        assert response.status_code == 200


def test_a_stored_feed_is_stale_once_a_record_it_shows_changes(
    client, record, public_cache, django_capture_on_commit_callbacks
):
    leiden, page, motions, *_ = record
    url = "/leiden/moties/feed/atom/"
    assert client.get(url)["X-Public-Cache"] == "miss"
    assert client.get(url)["X-Public-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        motion = motions["open"]
        motion.deadline = D(2026, 6, 1)
        motion.save()

    fresh = client.get(url)
    assert fresh["X-Public-Cache"] == "miss"
    assert "Termijn verlopen: Open motie" in fresh.content.decode()
