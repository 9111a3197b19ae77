"""Documents on the record in public: on the consultation and meeting pages, in the API and
the feeds when public, nowhere when internal; and what those pages cost with many documents."""

import datetime

import feedparser
import pytest

from advice.documents.models import DocumentKind
from tests.factories.advice import ConsultationFactory
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory
from tests.factories.documents import record_document
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db


class Record:
    """A council with a live page, a consultation ("niet gevraagd": it has a feed entry) on an
    agenda item, and ``count`` public plus one internal document on each of the two."""

    def __init__(self, count=1):
        self.council = CouncilFactory(name="Cliëntenraad Stukken", slug="stukken")
        council_page(self.council)
        self.meeting = MeetingFactory(council=self.council, date=datetime.date(2025, 3, 4))
        self.item = AgendaItemFactory(meeting=self.meeting, title="Armoedebeleid 2025")
        self.consultation = ConsultationFactory(
            council=self.council,
            subject="Armoedebeleid",
            agenda_item=self.item,
            decided_on=datetime.date(2025, 3, 4),
        )
        self.public = []
        for n in range(count):
            self.public.append(
                record_document(self.consultation, title=f"Openbare aanvraag {n}", public=True)
            )
            self.public.append(
                record_document(
                    self.item, title=f"Openbaar voorstel {n}", kind=DocumentKind.PROPOSAL,
                    public=True,
                )
            )  # fmt: skip
        self.internal = [
            record_document(self.consultation, title="GEHEIME notitie bij de raadpleging"),
            record_document(self.item, title="GEHEIM conceptbesluit", kind=DocumentKind.PROPOSAL),
        ]

    def paths(self):
        c, pk, meeting = self.council.slug, self.consultation.pk, self.meeting.pk
        return {
            "consultation page": f"/{c}/raadplegingen/{pk}/",
            "meeting page": f"/{c}/vergaderingen/{meeting}/",
            "api consultations": "/api/v2/consultations/",
            "api consultation": f"/api/v2/consultations/{pk}/",
            "api meetings": "/api/v2/meetings/",
            "api meeting": f"/api/v2/meetings/{meeting}/",
            "meetings feed (atom)": f"/{c}/vergaderingen/feed/atom/",
            "meetings feed (rss)": f"/{c}/vergaderingen/feed/rss/",
            "consultations feed (atom)": f"/{c}/raadplegingen/feed/atom/",
            "consultation feed (rss)": f"/{c}/raadplegingen/{pk}/feed/rss/",
        }


SHOWS = {
    "consultation page": "consultation",
    "meeting page": "item",
    "api consultations": "consultation",
    "api consultation": "consultation",
    "api meetings": "item",
    "api meeting": "item",
    "meetings feed (atom)": "item",
    "meetings feed (rss)": "item",
    "consultations feed (atom)": "consultation",
    "consultation feed (rss)": "consultation",
}


def test_public_documents_show_where_their_record_shows_internal_ones_nowhere(client):
    record = Record()
    for name, path in record.paths().items():
        response = client.get(path)
        assert response.status_code == 200, name
        text = response.content.decode()
        shown = [
            a
            for a in record.public
            if (a.consultation_id is not None) == (SHOWS[name] == "consultation")
        ]
        for attachment in shown:
            assert attachment.document.title in text, name
            assert attachment.document.url in text, name
        for attachment in record.internal:
            assert attachment.document.title not in text, name
            assert attachment.document.url not in text, name
        assert "GEHEIM" not in text, name


def test_the_api_describes_each_public_document(client):
    record = Record()
    data = client.get(f"/api/v2/consultations/{record.consultation.pk}/").json()
    [document] = data["documents"]
    assert document == {
        "title": "Openbare aanvraag 0",
        "kind": "advice_request",
        "kind_label": "adviesaanvraag",
        "url": "http://testserver" + record.public[0].document.url,
        "format": "pdf",
        "size": record.public[0].document.file_size,
        "added_at": record.public[0].added_at.isoformat(),
    }
    meeting = client.get(f"/api/v2/meetings/{record.meeting.pk}/").json()
    assert [d["title"] for d in meeting["items"][0]["documents"]] == ["Openbaar voorstel 0"]


def test_the_feeds_link_public_documents(client):
    record = Record()
    feed = feedparser.parse(client.get(record.paths()["meetings feed (atom)"]).content)
    agenda = next(entry for entry in feed.entries if "Agenda gepubliceerd" in entry.title)
    related = [link.href for link in agenda.links if link.rel == "related"]
    assert related == ["http://testserver" + record.public[1].document.url]
    feed = feedparser.parse(client.get(record.paths()["consultations feed (atom)"]).content)
    related = [link.href for link in feed.entries[0].links if link.rel == "related"]
    assert related == ["http://testserver" + record.public[0].document.url]


def test_the_consultation_page_says_which_kind_and_format(client):
    record = Record()
    text = client.get(record.paths()["consultation page"]).content.decode()
    assert '<h2 id="documenten">Documenten</h2>' in text
    assert "(adviesaanvraag, PDF," in text


def test_no_documents_section_without_public_documents(client):
    council = CouncilFactory(slug="leeg")
    council_page(council)
    consultation = ConsultationFactory(council=council)
    record_document(consultation, title="Alleen intern")
    text = client.get(f"/leeg/raadplegingen/{consultation.pk}/").content.decode()
    assert 'id="documenten"' not in text
    assert "Alleen intern" not in text


# --- Query budgets --------------------------------------------------------------------------

BUDGETS = {
    # the queries of each page, at 1 and at 40 public documents per record
    # (one of them each: the public documents, fetched together)
    "consultation page": 11,
    "meeting page": 17,
    "api consultation": 7,
    "api consultations": 8,
    "api meeting": 7,
    "meetings feed (atom)": 12,
    "consultations feed (atom)": 14,
}


@pytest.mark.parametrize("count", [1, 40])
@pytest.mark.parametrize("name", BUDGETS)
def test_pages_with_documents_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, name, count
):
    record = Record(count)
    path = record.paths()[name]
    client.get(path)  # the first request of a test database settles Wagtail's own caches
    with django_assert_max_num_queries(BUDGETS[name]):
        response = client.get(path)
    assert response.status_code == 200
    assert response.content.count(b"Openba") >= count
