"""Names are plain text also in the motion, meeting and consultation feeds and the deadlines iCal.

The same hostile strings and readers as tests/publications/test_feed_payloads.py
(kept apart so that that test does not grow slower), put into a motion's title
and operative text, a meeting's title, an agenda item's title, a consultation's
subject and the council's name, a few at a time; after each change the new
feeds and the deadlines calendar are fetched and read the way a reader does.
"""

import datetime

import pytest

from advice.models import Consultation
from agenda.models import AgendaItem, Meeting
from council.models import Council
from motions.models import Motion
from tests.factories.advice import ConsultationFactory
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.motions import MotionFactory

from .conftest import Site
from .feed_payloads import PAYLOADS
from .test_feed_payloads import normal, read_atom, read_calendar, read_rss

pytestmark = pytest.mark.django_db

LEIDEN = {"council__slug": "leiden"}
FIELDS = {
    "council": (Council, "name", {"slug": "leiden"}),
    "motion": (Motion, "title", LEIDEN),
    "operative": (Motion, "operative_text", LEIDEN),
    "meeting": (Meeting, "title", LEIDEN),
    "item": (AgendaItem, "title", {"meeting__council__slug": "leiden"}),
    "subject": (Consultation, "subject", LEIDEN),
}
# Where a reader finds each field as written: RSS descriptions, or Atom text constructs.
IN_RSS = ("operative", "meeting", "item")
IN_ATOM = ("council", "motion", "subject")


def feeds():
    motion = Motion.objects.get(**LEIDEN)
    consultation = Consultation.objects.get(**LEIDEN)
    return [
        "/leiden/moties/feed/{fmt}/",
        f"/leiden/moties/{motion.pk}/feed/{{fmt}}/",
        "/leiden/vergaderingen/feed/{fmt}/",
        "/leiden/raadplegingen/feed/{fmt}/",
        f"/leiden/raadplegingen/{consultation.pk}/feed/{{fmt}}/",
    ]


def rounds():
    names = list(FIELDS)
    for start in range(0, len(PAYLOADS), len(names)):
        yield {name: PAYLOADS[(start + index) % len(PAYLOADS)] for index, name in enumerate(names)}


def put(values):
    for name, value in values.items():
        model, field, where = FIELDS[name]
        limit = model._meta.get_field(field).max_length
        model.objects.filter(**where).update(**{field: value[:limit] if limit else value})


def stored(values, name):
    model, field, _ = FIELDS[name]
    limit = model._meta.get_field(field).max_length
    return normal(values[name][:limit] if limit else values[name])


@pytest.fixture
def payload_site():
    site = Site()
    MotionFactory(council=site.leiden, deadline=datetime.date(2024, 2, 1))
    meeting = MeetingFactory(council=site.leiden, body=site.committee)
    AgendaItemFactory(meeting=meeting, number="1")
    ConsultationFactory(
        council=site.leiden,
        body=site.committee,
        decided_on=datetime.date(2024, 2, 20),
        advice_due=datetime.date(2024, 2, 10),
    )
    return site


def test_no_new_feed_or_calendar_carries_a_name_as_markup(client, payload_site):
    urls = feeds()
    for values in rounds():
        put(values)
        described, titled = [], []
        for path in urls:
            for fmt, read, texts in (("rss", read_rss, described), ("atom", read_atom, titled)):
                url = path.format(fmt=fmt)
                response = client.get(url)
                assert response.status_code == 200, f"{url} answered {response.status_code}"
                texts += read(response.content, url)
        response = client.get("/leiden/termijnen/ical/")
        assert response.status_code == 200
        calendar = read_calendar(response.content, "termijnen")
        summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
        for summary in summaries:
            assert "\n" not in summary and "\r" not in summary

        rss, atom, ical = (normal(" ".join(texts)) for texts in (described, titled, summaries))
        for name in IN_RSS:
            if stored(values, name):
                assert stored(values, name) in rss, f"{name} {values[name]!r} not as written"
        for name in IN_ATOM:
            if stored(values, name):
                assert stored(values, name) in atom, f"{name} {values[name]!r} not as written"
        for name in ("motion", "subject"):
            assert normal(" ".join(stored(values, name).split())) in ical, name
