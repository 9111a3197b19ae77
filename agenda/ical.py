"""iCalendar feeds of the meetings a council follows (RFC 5545, via ``icalendar``).

Every event has a UID that never changes for the meeting (its primary key at
the site's host name), the absolute URL of its public page, and its time in
Europe/Amsterdam, described by a VTIMEZONE so that any client shows the right
hour. A meeting whose time is unknown is an all-day event; a cancelled one
says STATUS:CANCELLED so that subscribed calendars strike it through.

Every text is plain TEXT (RFC 5545 3.3.11): ``icalendar`` escapes , ; \\ and
line breaks and folds long lines, also in NAME and X-WR-CALNAME, which are
given as ``vText`` because icalendar would write them raw (and refuse a line
break with a 500). Names in SUMMARY and the calendar's name are put on one line.
"""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from .numbering import in_number_order

TIME_ZONE = "Europe/Amsterdam"
PRODID = "-//Kanttekening//Vergaderingen//NL"


def one_line(text):
    """A name as one line: line breaks and runs of white space become one space."""
    return " ".join(str(text).split())


def published_calendar(name, *, prodid):
    """An empty calendar with the properties every feed of ours carries, named ``name``."""
    cal = icalendar.Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # icalendar escapes (, ; \\ and line breaks) and folds only the values it
    # knows as TEXT; NAME and X-WR-CALNAME it would write raw, so they are
    # given as vText, on one line.
    cal.add("x-wr-calname", icalendar.vText(one_line(name)))
    cal.add("name", icalendar.vText(one_line(name)))
    return cal


def meeting_uid(meeting, domain):
    return f"vergadering-{meeting.pk}@{domain}"


def _description(meeting, url):
    lines = [str(item) for item in in_number_order(meeting.items.all())]
    if lines:
        lines.append("")
    lines.append(url)
    return "\n".join(lines)


def _event(meeting, *, url, domain, zone, now):
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting, domain))
    revision = meeting.latest_revision
    event.add("dtstamp", revision.created_at if revision else now)
    if revision:
        event.add("last-modified", revision.created_at)
    event.add("summary", one_line(f"{meeting.title} ({meeting.body.name})"))
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
        event.add("dtstart", start)
        if meeting.end_time:
            event.add(
                "dtend", datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone)
            )
    else:
        event.add("dtstart", meeting.date)
        event.add("dtend", meeting.date + datetime.timedelta(days=1))
    if meeting.location:
        event.add("location", meeting.location)
    event.add("url", url)
    event.add("description", _description(meeting, url))
    event.add("status", "CANCELLED" if meeting.status == meeting.Status.CANCELLED else "CONFIRMED")
    return event


def meetings_calendar(meetings, *, name, meeting_url, domain, now=None):
    """The meetings as an iCalendar document (bytes).

    ``meeting_url(meeting)`` returns the absolute URL of a meeting's page;
    ``domain`` is the right-hand side of every UID.
    """
    now = now or timezone.now()
    zone = ZoneInfo(TIME_ZONE)
    meetings = list(meetings)

    cal = published_calendar(name, prodid=PRODID)
    cal.add("x-wr-timezone", TIME_ZONE)

    days = [meeting.date for meeting in meetings] or [timezone.localdate()]
    cal.add_component(
        icalendar.Timezone.from_tzid(
            TIME_ZONE,
            first_date=datetime.date(min(days).year, 1, 1),
            last_date=datetime.date(max(days).year + 1, 12, 31),
        )
    )
    for meeting in meetings:
        cal.add_component(
            _event(meeting, url=meeting_url(meeting), domain=domain, zone=zone, now=now)
        )
    return cal.to_ical()
