"""No request to the public site produces a server error, whatever its input.

Every route type of the demo site is asked for with the query strings people
and robots send, and with identifiers too large for the database; each must
answer a normal page, a redirect, a 304/400/404 — never a 500.
"""

import pytest

from advice.models import Consultation, LetterPage
from agenda.models import Meeting
from motions.models import Motion

pytestmark = pytest.mark.django_db

HUGE = "9" * 30
BAD_QUERIES = [
    "",
    "?page=abc",
    "?page=-1",
    "?page=0",
    f"?page={HUGE}",
    "?year=x",
    f"?year={HUGE}",
    "?year=-2009",
    "?status=nonsense",
    "?oordeel=nonsense",
    "?council=%00&topic=%ff&body=a/b/c&kind=%27",
    "?q=" + "kanttekening%20" * 700,
    "?q=%22%27%3Cscript%3E%00%F0%9F%98%80&page=2",
    "?limit=abc&offset=-5&fields=owner",
    "?page=1&page=2&year=2009&year=2010",
    # Digits that str.isdigit() accepts and int() does not: superscript two.
    "?offset=%C2%B2&id=%C2%B2&page=%C2%B2",
    "?year=%C2%B2%C2%B2%C2%B2%C2%B2",
]


@pytest.fixture(scope="module")
def routes(module_db, _demo_snapshots):
    """One URL of every public route type of the demo site (rolled back after the module)."""
    _demo_snapshots.put()
    letter = LetterPage.objects.get(slug__startswith="memo-bejegening")
    meeting = Meeting.objects.filter(council__slug="leiden").first()
    motion = Motion.objects.filter(council__slug="leiden").first()
    consultation = Consultation.objects.first()
    urls = [
        "/",
        "/brieven/",
        "/brieven/rss/",
        "/brieven/raad/leiden/atom/",
        "/brieven/onderwerp/bejegening/rss/",
        "/onderwerpen/",
        "/onderwerpen/bejegening/",
        "/open-data/",
        "/raadplegingen/",
        "/raadplegingen/zonder-raad/rss/",
        "/sitemap.xml",
        "/leiden/",
        "/leiden/vergaderingen/",
        f"/leiden/vergaderingen/{meeting.pk}/",
        "/leiden/vergaderingen/ical/",
        "/leiden/vergaderingen/ical/commissie-werk-en-financien/",
        "/leiden/moties/",
        f"/leiden/moties/{motion.pk}/",
        "/leiden/raadplegingen/",
        "/leiden/raadplegingen/alle/",
        f"/leiden/raadplegingen/{consultation.pk}/",
        letter.url,
        f"{letter.url}pdf/",
        f"{letter.url}versies/1/",
        f"{letter.url}versies/1/tekst/",
        "/api/v2/pages/",
        "/api/v2/meetings/",
        "/api/v2/motions/",
        "/api/v2/consultations/",
        "/api/v2/pages/find/",
        "/api/v2/motions/find/",
        "/api/ods/v2/",
        "/api/ods/v2/vergaderingen",
        "/api/ods/v2/agendapunten",
        "/api/ods/v2/informatieobjecten",
        f"/api/ods/v2/vergaderingen/{meeting.pk}",
        f"/api/ods/v2/informatieobjecten/motie-{motion.pk}",
        f"/api/ods/v2/informatieobjecten/brief-{letter.pk}",
    ]
    big_ids = [
        f"/leiden/vergaderingen/{HUGE}/",
        f"/leiden/moties/{HUGE}/",
        f"/leiden/raadplegingen/{HUGE}/",
        f"{letter.url}versies/{HUGE}/",
        f"{letter.url}versies/70000/pdf/",
        f"{letter.url}versies/{HUGE}/tekst/",
        f"/api/v2/pages/{HUGE}/",
        f"/api/v2/consultations/{HUGE}/",
        f"/api/ods/v2/vergaderingen/{HUGE}",
        f"/api/ods/v2/agendapunten/{HUGE}/",
        f"/api/ods/v2/informatieobjecten/motie-{HUGE}",
        f"/api/ods/v2/informatieobjecten/brief-{HUGE}",
        f"/api/ods/v2/informatieobjecten/document-{HUGE}",
        "/brieven/raad/bestaat-niet/rss/",
        "/brieven/xml/",
        "/onderwerpen/%F0%9F%98%80/",
        "/leiden/vergaderingen/ical/bestaat-niet/",
    ]
    return urls, big_ids


def test_bad_query_strings_never_cause_a_server_error(client, routes):
    urls, _ = routes
    failures = []
    for url in urls:
        for query in BAD_QUERIES:
            response = client.get(url + query)
            if response.status_code >= 500:
                failures.append(f"{url}{query[:60]} answered {response.status_code}")
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)

    assert failures == []


def test_identifiers_out_of_range_are_not_found(client, routes):
    _, big_ids = routes

    answers = {url: client.get(url).status_code for url in big_ids}

    assert {url: code for url, code in answers.items() if code != 404} == {}
