"""The iCal feeds, parsed back with icalendar."""

import datetime
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest

from agenda.models import Meeting
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def page():
    return council_page(CouncilFactory(slug="testraad", name="Cliëntenraad Testdorp"))


@pytest.fixture
def committee(page):
    return MunicipalBodyFactory(
        municipality=page.council.municipality, name="Commissie Werk", slug="commissie-werk"
    )


@pytest.fixture
def meetings(page, committee):
    raad = MunicipalBodyFactory(
        municipality=page.council.municipality, name="Gemeenteraad", slug="gemeenteraad"
    )
    timed = MeetingFactory(
        council=page.council,
        body=committee,
        title="Commissievergadering",
        date=datetime.date(2026, 3, 10),
        start_time=datetime.time(19, 30),
        end_time=datetime.time(22, 0),
        location="Stadhuis, Raadzaal",
    )
    AgendaItemFactory(meeting=timed, number="10", title="Minimabeleid")
    AgendaItemFactory(meeting=timed, number="2", title="Notulen")
    all_day = MeetingFactory(
        council=page.council,
        body=committee,
        title="Vergadering Cie. Werk & Financiën",
        date=datetime.date(2009, 4, 7),
    )
    cancelled = MeetingFactory(
        council=page.council,
        body=raad,
        title="Raadsvergadering",
        date=datetime.date(2026, 7, 1),
        start_time=datetime.time(20, 0),
        status=Meeting.Status.CANCELLED,
    )
    MeetingFactory(title="Van een andere raad")
    return {"timed": timed, "all_day": all_day, "cancelled": cancelled}


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def text(value):
    """A TEXT value unescaped (RFC 5545 3.3.11): icalendar leaves NAME and X- properties as written."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(value))


def calendar_name(calendar):
    name = text(calendar["X-WR-CALNAME"])
    assert text(calendar["NAME"]) == name
    return name


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_council_feed_parses_and_describes_each_meeting(client, meetings):
    calendar = parse(client.get("/testraad/vergaderingen/ical/"))

    assert str(calendar["VERSION"]) == "2.0"
    assert calendar_name(calendar) == "Vergaderingen gevolgd door Cliëntenraad Testdorp"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    events = events_by_uid(calendar)
    timed, all_day, cancelled = (meetings[key] for key in ("timed", "all_day", "cancelled"))
    assert set(events) == {
        f"vergadering-{timed.pk}@localhost",
        f"vergadering-{all_day.pk}@localhost",
        f"vergadering-{cancelled.pk}@localhost",
    }

    event = events[f"vergadering-{timed.pk}@localhost"]
    assert event.decoded("DTSTART") == datetime.datetime(2026, 3, 10, 19, 30, tzinfo=AMSTERDAM)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTEND") == datetime.datetime(2026, 3, 10, 22, 0, tzinfo=AMSTERDAM)
    assert str(event["SUMMARY"]) == "Commissievergadering (Commissie Werk)"
    assert str(event["LOCATION"]) == "Stadhuis, Raadzaal"
    assert str(event["URL"]) == f"http://testserver/testraad/vergaderingen/{timed.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["DESCRIPTION"]).startswith("2. Notulen\n10. Minimabeleid\n")
    assert "DTSTAMP" in event


def test_a_meeting_without_a_time_is_an_all_day_event(client, meetings):
    events = events_by_uid(parse(client.get("/testraad/vergaderingen/ical/")))

    event = events[f"vergadering-{meetings['all_day'].pk}@localhost"]
    assert event.decoded("DTSTART") == datetime.date(2009, 4, 7)
    assert event.decoded("DTEND") == datetime.date(2009, 4, 8)
    assert "LOCATION" not in event


def test_a_cancelled_meeting_is_marked_cancelled(client, meetings):
    events = events_by_uid(parse(client.get("/testraad/vergaderingen/ical/")))

    assert str(events[f"vergadering-{meetings['cancelled'].pk}@localhost"]["STATUS"]) == (
        "CANCELLED"
    )


def test_urls_come_from_the_request_and_uids_do_not(client, meetings):
    first = events_by_uid(parse(client.get("/testraad/vergaderingen/ical/")))
    other_host = events_by_uid(
        parse(client.get("/testraad/vergaderingen/ical/", HTTP_HOST="127.0.0.1:8101"))
    )

    assert set(first) == set(other_host)
    timed = meetings["timed"].pk
    assert str(other_host[f"vergadering-{timed}@localhost"]["URL"]) == (
        f"http://127.0.0.1:8101/testraad/vergaderingen/{timed}/"
    )
    assert client.get(str(first[f"vergadering-{timed}@localhost"]["URL"])).status_code == 200


def test_body_feed_holds_only_that_bodys_meetings(client, meetings):
    calendar = parse(client.get("/testraad/vergaderingen/ical/commissie-werk/"))

    assert set(events_by_uid(calendar)) == {
        f"vergadering-{meetings['timed'].pk}@localhost",
        f"vergadering-{meetings['all_day'].pk}@localhost",
    }
    # TEXT (RFC 5545 3.3.11): the comma is escaped on the wire.
    assert b"X-WR-CALNAME:Commissie Werk\\, gevolgd door" in calendar.to_ical()
    assert calendar_name(calendar) == "Commissie Werk, gevolgd door Cliëntenraad Testdorp"


def test_a_body_of_another_municipality_has_no_feed_here(client, page):
    MunicipalBodyFactory(slug="elders")

    assert client.get("/testraad/vergaderingen/ical/elders/").status_code == 404


def test_an_empty_feed_is_still_a_valid_calendar(client, page):
    calendar = parse(client.get("/testraad/vergaderingen/ical/"))

    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1


@pytest.mark.parametrize("count", [5, 500])
def test_feed_queries_do_not_grow(client, page, committee, count, django_assert_max_num_queries):
    Meeting.objects.bulk_create(
        Meeting(
            council=page.council,
            body=committee,
            title=f"Vergadering {n}",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(count)
    )
    client.get("/testraad/vergaderingen/ical/")

    with django_assert_max_num_queries(9):
        response = client.get("/testraad/vergaderingen/ical/")

    assert len(parse(response).walk("VEVENT")) == count


def test_line_breaks_and_separators_in_names_do_not_break_the_feed(client, page, committee):
    page.council.name = "Cliëntenraad\r\nTestdorp; Werk, Inkomen \\ Zorg"
    page.council.save()
    committee.name = "Commissie\nWerk"
    committee.save()
    MeetingFactory(
        council=page.council,
        body=committee,
        title="Vergadering\nmet regeleinde",
        date=datetime.date(2026, 3, 10),
        location="Stadhuis\nRaadzaal 1, 2e verdieping; ingang B",
    )
    for url in ("/testraad/vergaderingen/ical/", "/testraad/vergaderingen/ical/commissie-werk/"):
        response = client.get(url)
        assert all(len(line) <= 75 for line in response.content.split(b"\r\n")), url
        calendar = parse(response)
        (event,) = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == "Vergadering met regeleinde (Commissie Werk)"
        assert str(event["LOCATION"]) == "Stadhuis\nRaadzaal 1, 2e verdieping; ingang B"
        assert "Cliëntenraad Testdorp; Werk, Inkomen \\ Zorg" in calendar_name(calendar)
