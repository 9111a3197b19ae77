"""The iCal file of a council's deadlines (RFC 5545, via ``icalendar``).

All-day events (``DTSTART;VALUE=DATE``) for:

- the day the municipality wanted the council's advice (``advice_due``);
- the day the executive's response to the advice is due (the consultation
  verdict's ``response_due``, from the council's rules);
- a motion's or commitment's follow-up deadline (not for a motion that was
  rejected, withdrawn or held over).

Every event links back to its public page (URL, and the last line of its
DESCRIPTION) and has a UID that never changes for the item and the kind of
deadline. Texts are TEXT values, escaped and folded by ``icalendar``.
"""

import datetime

import icalendar
from django.utils.translation import gettext as _

from agenda.ical import one_line, published_calendar

PRODID = "-//Kanttekening//Termijnen//NL"


def _event(*, uid, day, summary, description, url, stamp):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a date: VALUE=DATE, an all-day event
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", one_line(summary))
    event.add("description", "\n".join([*(line for line in description if line), url]))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def deadline_events(*, consultations, motions, consultation_url, motion_url, domain, today):
    """The events, from querysets of one council's public records (two queries)."""
    # A fixed DTSTAMP, so that the file only changes when a deadline does.
    stamp = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    events = []
    for consultation in consultations:
        url = consultation_url(consultation)
        subject = consultation.subject
        if consultation.advice_due:
            events.append(
                _event(
                    uid=f"raadpleging-{consultation.pk}-advies@{domain}",
                    day=consultation.advice_due,
                    summary=_("Advies uiterlijk: %(subject)s") % {"subject": subject},
                    description=[consultation.reference],
                    url=url,
                    stamp=stamp,
                )
            )
        response_due = consultation.judgement(today, explain=False).response_due
        if response_due:
            events.append(
                _event(
                    uid=f"raadpleging-{consultation.pk}-antwoord@{domain}",
                    day=response_due,
                    summary=_("Antwoord van het college uiterlijk: %(subject)s")
                    % {"subject": subject},
                    description=[consultation.reference],
                    url=url,
                    stamp=stamp,
                )
            )
    for motion in motions:
        events.append(
            _event(
                uid=f"motie-{motion.pk}-termijn@{domain}",
                day=motion.deadline,
                summary=_("Termijn %(kind)s: %(title)s")
                % {"kind": motion.get_kind_display(), "title": motion.title},
                description=[motion.identifier, motion.deadline_text],
                url=motion_url(motion),
                stamp=stamp,
            )
        )
    return events


def deadlines_calendar(events, *, name):
    cal = published_calendar(name, prodid=PRODID)
    for event in sorted(events, key=lambda event: (event.decoded("dtstart"), str(event["uid"]))):
        cal.add_component(event)
    return cal.to_ical()
