"""RSS and Atom: parsed back with feedparser, in order, stable ids, corrections, 304s."""

import datetime
import re
from html.parser import HTMLParser

import feedparser
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advice.letters.services import letter_publish_correction
from tests.factories.advice import SIMPLE_BODY, published_letter

from .conftest import MOMENT

pytestmark = pytest.mark.django_db

FEEDS = {
    # path without the format: (the page it belongs to, letters newest change first)
    "/brieven/": ("/brieven/", ["c", "b", "a"]),
    "/brieven/raad/leiden/": ("/brieven/?council=leiden", ["c", "a"]),
    "/brieven/raad/leiderdorp/": ("/brieven/?council=leiderdorp", ["b"]),
    "/brieven/onderwerp/armoede/": ("/onderwerpen/armoede/", ["c", "a"]),
    "/brieven/onderwerp/bejegening/": ("/onderwerpen/bejegening/", ["c", "b"]),
    "/brieven/orgaan/sleutelstad/commissie-werk/": (
        "/brieven/?body=sleutelstad/commissie-werk",
        ["c", "a"],
    ),
    "/brieven/orgaan/sleutelstad/college/": ("/brieven/?body=sleutelstad/college", ["b"]),
}
CONTENT_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response


def parse(response):
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, f"{response.wsgi_request.path}: {parsed.get('bozo_exception')}"
    return parsed


def links(entry, rel):
    return [link for link in entry.links if link.rel == rel]


def test_every_feed_parses_and_lists_the_right_letters_newest_first(client, site):
    letters = {"a": site.a, "b": site.b, "c": site.c}
    for path, (page, expected) in FEEDS.items():
        for fmt, content_type in CONTENT_TYPES.items():
            url = f"{path}{fmt}/"
            response = fetch(client, url)
            parsed = parse(response)
            where = f"{url}: "

            assert response["Content-Type"].startswith(content_type), where
            assert [entry.title for entry in parsed.entries] == [
                letters[key].title for key in expected
            ], where
            assert parsed.feed.language == "nl", where
            # The channel link is the page on the site, the self link the feed.
            assert parsed.feed.link == "http://testserver" + page, where + parsed.feed.link
            assert any(
                link.rel == "self" and link.href == "http://testserver" + url
                for link in parsed.feed.links
            ), where
            assert client.get(parsed.feed.link).status_code == 200, where
            for entry, key in zip(parsed.entries, expected, strict=True):
                letter = letters[key]
                assert entry.id == f"tag:localhost,2024-03-01:brief/{letter.pk}", where
                assert entry.link == "http://testserver" + letter.url, where
                if fmt == "atom":
                    topics = {t.slug for t in letter.topics.all()}
                    assert {link.href for link in links(entry, "related")} == {
                        f"http://testserver/onderwerpen/{slug}/" for slug in topics
                    }, where
                    assert {tag.term for tag in entry.tags} == topics, where
                (pdf,) = links(entry, "enclosure")
                assert pdf.href == "http://testserver" + letter.url + "pdf/", where
                assert pdf.type == "application/pdf"
                assert int(pdf.length) == letter.versions.get().pdf.size
                assert "enkele kanttekeningen" in entry.content[0].value, where
                if fmt == "atom":  # RSS has no updated date
                    assert entry.published_parsed == entry.updated_parsed, where


def test_entry_dates_are_the_publication_and_the_rss_guid_is_not_a_link(client, site):
    parsed = parse(fetch(client, "/brieven/raad/leiderdorp/rss/"))
    (entry,) = parsed.entries

    assert entry.published_parsed[:4] == (2024, 3, 1, 11)  # published at MOMENT + 1 hour
    assert entry.guidislink is False
    assert entry.id.startswith("tag:localhost,2024-03-01:brief/")
    rss = fetch(client, "/brieven/raad/leiderdorp/rss/").content.decode()
    assert '<guid isPermaLink="false">' in rss
    assert re.search(r"<lastBuildDate>Fri, 01 Mar 2024 11:00:00 \+0000</lastBuildDate>", rss)


def test_a_correction_keeps_the_id_moves_the_entry_up_and_brings_its_note(client, site):
    before = {e.title: e for e in parse(fetch(client, "/brieven/atom/")).entries}

    with time_machine.travel(MOMENT + datetime.timedelta(days=3), tick=False):
        letter_publish_correction(
            letter=site.a,
            note="Het jaartal in de tweede alinea is verbeterd.",
            body=[*SIMPLE_BODY, ("text", "Aanvulling.")],
        )
    parsed = parse(fetch(client, "/brieven/atom/"))
    entries = {e.title: e for e in parsed.entries}
    corrected = entries[site.a.title]

    assert parsed.entries[0].title == site.a.title  # a correction brings it to the top
    assert corrected.id == before[site.a.title].id
    assert corrected.published == before[site.a.title].published
    assert corrected.updated_parsed[:3] == (2024, 3, 4)
    assert "Het jaartal in de tweede alinea is verbeterd." in corrected.content[0].value
    assert "Het jaartal in de tweede alinea is verbeterd." in corrected.summary
    assert "Aanvulling." in corrected.content[0].value
    assert entries[site.b.title].updated == before[site.b.title].updated
    rss = parse(fetch(client, "/brieven/rss/")).entries[0]
    assert "Het jaartal in de tweede alinea is verbeterd." in rss.description


def test_a_minor_change_changes_the_text_but_not_updated_and_shows_no_note(client, site):
    before = {e.title: e for e in parse(fetch(client, "/brieven/atom/")).entries}

    with time_machine.travel(MOMENT + datetime.timedelta(days=3), tick=False):
        letter_publish_correction(
            letter=site.b,
            note="Tikfout (intern).",
            minor=True,
            body=[*SIMPLE_BODY, ("text", "Nu.")],
        )
    entry = {e.title: e for e in parse(fetch(client, "/brieven/atom/")).entries}[site.b.title]

    assert entry.updated == before[site.b.title].updated
    assert "Nu." in entry.content[0].value
    assert "Tikfout" not in entry.content[0].value


def test_conditional_get_answers_304_without_rendering_the_feed(client, site):
    first = fetch(client, "/brieven/rss/")
    etag, modified = first["ETag"], first["Last-Modified"]

    assert first["Cache-Control"] == "public, max-age=300"
    with CaptureQueriesContext(connection) as queries:
        by_etag = client.get("/brieven/rss/", HTTP_IF_NONE_MATCH=etag)
    sql = [query["sql"] for query in queries.captured_queries]  # before the next request
    by_date = client.get("/brieven/rss/", HTTP_IF_MODIFIED_SINCE=modified)
    other_format = client.get("/brieven/atom/", HTTP_IF_NONE_MATCH=etag)

    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == etag
    assert by_etag["Cache-Control"] == "public, max-age=300"
    assert by_date.status_code == 304
    assert other_format.status_code == 200
    # One query decides, after Wagtail's routing: no letter is read or rendered.
    assert sum("publications_cachescope" in statement for statement in sql) == 1
    assert not any("advice_letter" in statement for statement in sql), sql

    with time_machine.travel(MOMENT + datetime.timedelta(days=2), tick=False):
        published_letter(site.leiden, title="Nieuw advies", addressee=site.committee)
    changed = client.get("/brieven/rss/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert [e.title for e in parse(changed).entries][0] == "Nieuw advies"
    # A feed a change did not touch keeps its ETag.
    unchanged = fetch(client, "/brieven/raad/leiderdorp/rss/")
    assert (
        client.get(
            "/brieven/raad/leiderdorp/rss/", HTTP_IF_NONE_MATCH=unchanged["ETag"]
        ).status_code
        == 304
    )


def test_unpublishing_changes_etag_and_last_modified(client, site):
    first = fetch(client, "/brieven/onderwerp/armoede/atom/")

    # Later than the test database's own scopes (created now, by the migration).
    with time_machine.travel(datetime.datetime(2040, 1, 1, tzinfo=datetime.UTC), tick=False):
        site.a.unpublish()
    response = client.get(
        "/brieven/onderwerp/armoede/atom/",
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    by_date = client.get(
        "/brieven/onderwerp/armoede/atom/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )

    assert response.status_code == 200
    assert [e.title for e in parse(response).entries] == [site.c.title]
    assert by_date.status_code == 200


def test_feed_urls_follow_the_request_but_ids_follow_the_site(client, site):
    parsed = parse(fetch(client, "/brieven/atom/", HTTP_HOST="127.0.0.1:8000", secure=True))

    assert parsed.feed.link == "https://127.0.0.1:8000/brieven/"
    assert parsed.entries[0].link.startswith("https://127.0.0.1:8000/leiden/")
    assert parsed.entries[0].id.startswith("tag:localhost,")


@pytest.mark.parametrize(
    "path",
    [
        "/brieven/xml/",
        "/brieven/raad/onbekend/rss/",
        "/brieven/raad/leiden/json/",
        "/brieven/onderwerp/onbekend/atom/",
        "/brieven/orgaan/sleutelstad/onbekend/rss/",
        "/brieven/orgaan/elders/commissie-werk/rss/",
    ],
)
def test_unknown_feeds_are_not_found(client, site, path):
    assert client.get(path).status_code == 404


def test_feed_content_is_sanitised_and_links_are_absolute(client, site):
    with time_machine.travel(MOMENT + datetime.timedelta(days=1), tick=False):
        letter_publish_correction(
            letter=site.b,
            note="Link toegevoegd.",
            body=[
                ("text", "Zie [de verordening](https://example.org/v) <script>alert(1)</script>"),
                ("text", '<img src=x onerror="alert(2)"> en <a href="javascript:alert(3)">dit</a>'),
            ],
        )
    entry = parse(fetch(client, "/brieven/raad/leiderdorp/atom/")).entries[0]
    html = entry.content[0].value

    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html and "javascript:" not in html
    assert 'href="https://example.org/v"' in html
    assert "class=" not in html
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs and all(href.startswith(("http://", "https://", "mailto:")) for href in hrefs)


class _Alternates(HTMLParser):
    def __init__(self):
        super().__init__()
        self.feeds = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate":
            self.feeds.append((attrs.get("type"), attrs.get("href")))


def alternates(client, path):
    parser = _Alternates()
    parser.feed(fetch(client, path).content.decode())
    return parser.feeds


def test_every_page_links_its_feeds_and_each_feed_answers(client, site):
    from agenda.models import Meeting
    from tests.factories.agenda import MeetingFactory

    meeting = MeetingFactory(council=site.leiden, body=site.committee)
    expectations = {
        "/": ["/brieven/rss/", "/brieven/atom/"],
        "/brieven/?council=leiden": ["/brieven/raad/leiden/rss/", "/brieven/rss/"],
        "/brieven/?topic=armoede&council=leiden": [
            "/brieven/raad/leiden/atom/",
            "/brieven/onderwerp/armoede/rss/",
        ],
        "/brieven/?body=sleutelstad/college": ["/brieven/orgaan/sleutelstad/college/rss/"],
        "/leiden/": [
            "/brieven/raad/leiden/rss/",
            "/brieven/raad/leiden/atom/",
            "/leiden/vergaderingen/ical/",
        ],
        site.c.url: [
            "/brieven/raad/leiden/rss/",
            "/brieven/onderwerp/armoede/rss/",
            "/brieven/onderwerp/bejegening/atom/",
            "/brieven/orgaan/sleutelstad/commissie-werk/rss/",
            "/brieven/rss/",
        ],
        site.c.url + "versies/1/": ["/brieven/raad/leiden/atom/"],
        "/onderwerpen/": ["/brieven/rss/"],
        "/onderwerpen/armoede/": ["/brieven/onderwerp/armoede/rss/"],
        f"/leiden/vergaderingen/{meeting.pk}/": [
            "/brieven/raad/leiden/rss/",
            "/leiden/vergaderingen/ical/",
            f"/leiden/vergaderingen/ical/{site.committee.slug}/",
        ],
        "/leiden/vergaderingen/": ["/leiden/vergaderingen/ical/"],
        "/leiden/moties/": ["/brieven/raad/leiden/atom/", "/leiden/vergaderingen/ical/"],
        "/leiden/raadplegingen/": [
            "/raadplegingen/zonder-raad/leiden/rss/",
            "/leiden/vergaderingen/ical/",
        ],
        "/raadplegingen/": ["/raadplegingen/zonder-raad/atom/"],
        "/open-data/": ["/brieven/atom/"],
        "/zoeken/?q=advies&soort=brieven": [
            "/zoeken/rss/?q=advies&soort=brieven",
            "/zoeken/atom/?q=advies&soort=brieven",
        ],
    }
    assert Meeting.objects.count() == 1
    seen = set()
    for path, expected in expectations.items():
        found = alternates(client, path)
        hrefs = [href for _, href in found]
        for feed in expected:
            assert feed in hrefs, f"{path} does not link {feed}: {hrefs}"
        for kind, href in found:
            if href in seen:
                continue
            seen.add(href)
            response = fetch(client, href)
            assert response["Content-Type"].startswith(kind), href
            if kind != "text/calendar":
                parse(response)


def test_the_newest_changes_are_the_first_of_the_full_order_for_every_limit(site):
    """``newest_changes`` sorts only candidates: it must agree with sorting every letter."""
    from publications import queries

    with time_machine.travel(MOMENT + datetime.timedelta(days=3), tick=False):
        letter_publish_correction(
            letter=site.a, note="Verbeterd.", body=[*SIMPLE_BODY, ("text", "Eén.")]
        )
    with time_machine.travel(MOMENT + datetime.timedelta(days=4), tick=False):
        letter_publish_correction(
            letter=site.b, note="Ook verbeterd.", body=[*SIMPLE_BODY, ("text", "Twee.")]
        )
    site.c.unpublish()  # the newest publication: no longer a candidate

    scopes = {
        "all": queries.public_letters(),
        "leiden": queries.public_letters().of_council(site.leiden),
        "armoede": queries.public_letters().filter(tagged_items__tag=site.poverty),
        "bejegening": queries.public_letters().filter(tagged_items__tag=site.treatment),
    }
    for name, letters in scopes.items():
        full = list(letters.newest_change_first().values_list("pk", flat=True))
        for limit in (1, 2, 3):
            shown = [letter.pk for letter in queries.letters_for_feed(letters, limit)]
            assert shown == full[:limit], (name, limit)
    assert [letter.pk for letter in queries.letters_for_feed(scopes["all"], 2)] == [
        site.b.pk,
        site.a.pk,
    ]
