"""Names and notes are plain text in every feed and calendar, whatever they contain.

Over 100 hostile or awkward strings (tests/publications/feed_payloads.py)
are put into council, municipality, body and topic (tag) names, a correction
note, and a meeting's title and location, a few at a time, rotated so that
each lands in more than one field. After each change every RSS and Atom
feed and both iCal feeds are fetched and read the way a reader does:

- RSS: the XML parsed (xml.etree), then each ``description`` (items and
  channel) parsed as the HTML a reader takes it for (html.parser): it holds no
  element, comment or declaration, and its text is the name, escaped once
  (not twice). ``content:encoded`` and Atom ``content`` hold only the
  sanitised tags and attributes of publications.feeds.
- Atom: titles, subtitles and summaries are text constructs (no type, or
  "text"), so they are never markup; the names appear in them as written.
- iCal: every content line is at most 75 octets with no bare line break, the
  calendar parses (icalendar) and each name comes back as written (on one line
  where it is a name).
"""

import datetime
import re
import xml.etree.ElementTree as ET  # noqa: S405  (our own feeds, parsed in a test)
from html.parser import HTMLParser

import icalendar
import pytest
import time_machine

from advice.letters.services import letter_publish_correction
from advice.models import LetterPage, LetterVersion
from agenda.models import Meeting
from council.models import Council, MunicipalBody, Municipality, Topic
from publications.feeds import FEED_ATTRIBUTES, FEED_TAGS
from tests.factories.advice import SIMPLE_BODY, ConsultationFactory
from tests.factories.agenda import AgendaItemFactory, MeetingFactory

from .conftest import MOMENT, Site
from .feed_payloads import PAYLOADS

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
FEEDS = [
    "/brieven/{fmt}/",
    "/brieven/raad/leiden/{fmt}/",
    "/brieven/onderwerp/armoede/{fmt}/",
    "/brieven/onderwerp/bejegening/{fmt}/",
    "/brieven/orgaan/sleutelstad/commissie-werk/{fmt}/",
    "/raadplegingen/zonder-raad/{fmt}/",
    "/raadplegingen/zonder-raad/leiden/{fmt}/",
]
CALENDARS = ["/leiden/vergaderingen/ical/", "/leiden/vergaderingen/ical/commissie-werk/"]

# (model, field, which row): where a payload goes.
FIELDS = {
    "council": (Council, "name", {"slug": "leiden"}),
    "municipality": (Municipality, "name", {"slug": "sleutelstad"}),
    "body": (MunicipalBody, "name", {"slug": "commissie-werk"}),
    "topic": (Topic, "name", {"slug": "armoede"}),
    "tag": (Topic, "name", {"slug": "bejegening"}),
    "note": (LetterVersion, "note", {"kind": LetterVersion.Kind.CORRECTION}),
    "summary": (LetterPage, "summary", {"council__slug": "leiden"}),
    "meeting": (Meeting, "title", {"council__slug": "leiden"}),
    "location": (Meeting, "location", {"council__slug": "leiden"}),
}
# Each payload goes into this many different fields over the rounds.
PASSES = 2


def normal(text):
    """Compared without regard to white space (a reader folds it) or a byte order mark."""
    return " ".join(str(text).replace("\ufeff", "").split())


def ical_text(value):
    """A TEXT value unescaped (RFC 5545 3.3.11)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], str(value))


def rounds():
    """Per round, a payload for each field; over all rounds every payload in PASSES fields."""
    names = list(FIELDS)
    count = -(-len(PAYLOADS) // len(names))
    for number in range(count * PASSES):
        start = (number % count) * len(names)
        shift = number // count  # the second pass puts each payload into the next field
        yield {
            name: PAYLOADS[(start + (index + shift) % len(names)) % len(PAYLOADS)]
            for index, name in enumerate(names)
        }


class Markup(HTMLParser):
    """What an HTML reader would see as markup: every element, comment and declaration."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.found.append(f"<{tag}>")
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.found.append(f"</{tag}>")

    def handle_comment(self, data):
        self.found.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.found.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.found.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.found.append(f"<![{data}]>")

    def handle_data(self, data):
        self.text.append(data)


def read_html(fragment):
    parser = Markup()
    parser.feed(fragment or "")
    parser.close()
    return parser


def assert_plain(fragment, where):
    """An RSS description: HTML to a reader, so it must hold text only."""
    parser = read_html(fragment)
    assert not parser.found, f"{where}: live markup {parser.found[:3]} in {fragment!r}"
    return "".join(parser.text)


def assert_sanitised(fragment, where):
    parser = read_html(fragment)
    for tag, attrs in parser.tags:
        assert tag in FEED_TAGS, f"{where}: <{tag}> in {fragment[:200]!r}"
        allowed = FEED_ATTRIBUTES.get(tag, set()) | {"lang", "title"}  # nh3's generic ones
        for name, value in attrs:
            assert name in allowed, f"{where}: <{tag} {name}> in {fragment[:200]!r}"
            if name == "href":
                assert value.split(":")[0] in {"http", "https", "mailto"}, f"{where}: {value}"
    return "".join(parser.text)


def read_rss(content, where):
    """The text of every description (channel and items), as a reader shows it."""
    root = ET.fromstring(content)  # noqa: S314
    channel = root.find("channel")
    texts = [assert_plain(channel.findtext("description"), f"{where} channel description")]
    for item in channel.findall("item"):
        texts.append(assert_plain(item.findtext("description"), f"{where} item description"))
        encoded = item.findtext(CONTENT_ENCODED)
        if encoded is not None:
            assert_sanitised(encoded, f"{where} content:encoded")
    return texts


def read_atom(content, where):
    root = ET.fromstring(content)  # noqa: S314
    texts = []
    for element in root.iter():
        if element.tag in {f"{ATOM}title", f"{ATOM}subtitle", f"{ATOM}summary"}:
            assert element.get("type") in (None, "text"), f"{where}: {element.tag} as markup"
            texts.append(element.text or "")
        elif element.tag == f"{ATOM}content":
            assert element.get("type") == "html", where
            texts.append(assert_sanitised(element.text, f"{where} content"))
        elif element.tag == f"{ATOM}category":
            texts.append(element.get("label") or "")
    return texts


def read_calendar(content, where):
    assert content.endswith(b"\r\n"), where
    for line in content.split(b"\r\n"):
        assert len(line) <= 75, f"{where}: a line of {len(line)} octets: {line[:80]!r}"
        assert b"\r" not in line and b"\n" not in line, f"{where}: bare line break in {line!r}"
        line.decode("utf-8")  # folding never splits a character
    calendar = icalendar.Calendar.from_ical(content)
    assert [c.name for c in calendar.subcomponents].count("VEVENT") >= 1, where
    for component in calendar.walk():
        assert component.name in {"VCALENDAR", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VEVENT"}, (
            f"{where}: an injected {component.name}"
        )
    return calendar


@pytest.fixture(scope="module")
def payload_site(module_db):
    site = Site()
    with time_machine.travel(MOMENT + datetime.timedelta(days=3), tick=False):
        for letter in (site.a, site.c):
            letter_publish_correction(
                letter=letter, note="Een correctie.", body=[*SIMPLE_BODY, ("text", "Aanvulling.")]
            )
        ConsultationFactory(
            council=site.leiden, body=site.committee, subject="Zonder raad besloten"
        )
        meeting = MeetingFactory(council=site.leiden, body=site.committee, title="Vergadering")
        AgendaItemFactory(meeting=meeting, number="1", title="Armoedebeleid")
    return site.keys()


def put(values):
    for name, value in values.items():
        model, field, where = FIELDS[name]
        limit = model._meta.get_field(field).max_length
        model.objects.filter(**where).update(**{field: value[:limit] if limit else value})


def test_no_feed_or_calendar_carries_a_name_as_markup(client, payload_site):
    fetched = 0
    for values in rounds():
        put(values)
        described = []
        for path in FEEDS:
            for fmt, read in (("rss", read_rss), ("atom", read_atom)):
                url = path.format(fmt=fmt)
                response = client.get(url)
                assert response.status_code == 200, f"{url} answered {response.status_code}"
                described += read(response.content, url) if fmt == "rss" else []
                if fmt == "atom":
                    read(response.content, url)
                fetched += 1
        for url in CALENDARS:
            response = client.get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"
            calendar = read_calendar(response.content, url)
            fetched += 1
            event = next(iter(calendar.walk("VEVENT")))
            summary = str(event["SUMMARY"])
            assert "\n" not in summary and "\r" not in summary, url
            assert normal(values["meeting"][:255]) in normal(summary), url
            assert normal(values["body"][:200]) in normal(summary), url
            assert normal(str(event["LOCATION"])) == normal(values["location"][:255]), url
            # NAME is TEXT (RFC 7986), which icalendar does not know: unescaped here.
            name = ical_text(calendar["NAME"])
            assert normal(values["council"][:200]) in normal(name), url

        # Escaped exactly once: every name and the note come back as written in
        # the RSS descriptions (letter summaries, channel descriptions).
        everything = normal(" ".join(described))
        for field in ("council", "municipality", "body", "topic", "tag", "note", "summary"):
            model, name, _ = FIELDS[field]
            limit = model._meta.get_field(name).max_length
            value = values[field][:limit] if limit else values[field]
            if normal(value):
                assert normal(value) in everything, f"{field} {value!r} is not shown as written"
    assert fetched >= 100 * len(FEEDS) // 4
