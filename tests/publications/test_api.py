"""The open-data API: published, public data only; bad input is a 400, never a 500."""

import datetime

import pytest
import time_machine
from wagtail.models import PageViewRestriction

from advice.letters.services import letter_publish_correction
from tests.factories.advice import SIMPLE_BODY, letter_page
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import MemberFactory
from tests.factories.motions import MotionFactory, MotionSubmitterFactory

from .conftest import MOMENT

pytestmark = pytest.mark.django_db

LETTER_FIELDS = {
    "id", "meta", "title", "kind", "date", "date_precision", "date_display", "reference",
    "council", "addressee", "salutation", "summary", "no_summary_reason", "topics", "versions",
    "pdf_url", "html",
}  # fmt: skip
LETTER_META = {
    "type", "detail_url", "html_url", "slug", "first_published_at", "last_published_at",
}  # fmt: skip


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code} {response.content[:300]}"
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(data):
    return [item["id"] for item in data["items"]]


def test_only_published_public_letters_are_listed_newest_first(client, site, admin_user):
    letter_page(site.leiden, title="Concept")
    site.b.unpublish()

    data = get(client, "/api/v2/pages/")

    assert data["meta"]["total_count"] == 2
    assert ids(data) == [site.c.pk, site.a.pk]
    item = data["items"][0]
    assert item["title"] == site.c.title
    assert item["council"] == {"slug": "leiden", "name": "Cliëntenraad Leiden"}
    assert item["addressee"]["slug"] == "commissie-werk"
    assert {t["slug"] for t in item["topics"]} == {"armoede", "bejegening"}
    assert item["meta"]["html_url"] == "http://testserver" + site.c.url
    assert item["meta"]["detail_url"] == f"http://testserver/api/v2/pages/{site.c.pk}/"
    assert client.get(item["pdf_url"]).status_code == 200
    get(client, f"/api/v2/pages/{site.b.pk}/", status=404)

    # Under a view restriction the letters are gone, also for a logged-in administrator.
    PageViewRestriction.objects.create(
        page=site.leiden.page, restriction_type=PageViewRestriction.LOGIN
    )
    assert get(client, "/api/v2/pages/")["items"] == []
    client.force_login(admin_user)
    assert get(client, "/api/v2/pages/")["items"] == []
    get(client, f"/api/v2/pages/{site.a.pk}/", status=404)


def test_a_letter_shows_its_public_fields_only_and_never_its_draft(client, site):
    with time_machine.travel(MOMENT + datetime.timedelta(days=1), tick=False):
        letter_publish_correction(
            letter=site.a, note="Verbeterd.", body=[*SIMPLE_BODY, ("text", "Verbeterd.")]
        )
        letter_publish_correction(
            letter=site.a, note="Interne notitie.", minor=True, body=[*SIMPLE_BODY, ("text", "X.")]
        )
    draft = site.a.get_latest_revision_as_object()
    draft.title = "Geheime nieuwe titel"
    draft.summary = "Geheime nieuwe samenvatting."
    draft.save_revision()

    everything = get(client, f"/api/v2/pages/{site.a.pk}/?fields=*")
    text = str(everything)

    assert set(everything) == LETTER_FIELDS
    assert set(everything["meta"]) == LETTER_META
    assert everything["title"] == site.a.title
    assert "Geheime nieuwe titel" not in text
    assert "Geheime nieuwe samenvatting" not in text
    assert (everything["summary"], everything["no_summary_reason"]) == (site.a.summary, "")
    assert everything["summary"]
    listed = get(client, "/api/v2/pages/?council=leiden")["items"]
    assert {item["id"]: item["summary"] for item in listed}[site.a.pk] == site.a.summary
    assert "Interne notitie" not in text
    assert [(v["number"], v["kind"], v["note"]) for v in everything["versions"]] == [
        (1, "sent", ""),
        (2, "correction", "Verbeterd."),
    ]
    assert "X." in everything["html"]  # the live text, the minor change included
    for version in everything["versions"]:
        for key in ("html_url", "pdf_url", "text_url"):
            assert client.get(version[key]).status_code == 200
    for name in ("owner", "latest_revision", "comments", "locked_by", "draft_title", "parent"):
        get(client, f"/api/v2/pages/{site.a.pk}/?fields={name}", status=400)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("council=leiden", ["c", "a"]),
        ("topic=bejegening", ["c", "b"]),
        ("body=sleutelstad/college", ["b"]),
        ("kind=requested_advice&year=2024", ["c", "b"]),
        ("council=leiden&topic=bejegening", ["c"]),
        ("search=bejegening&council=leiderdorp", ["b"]),
        ("search=bejegening&council=leiden", ["c"]),  # c is tagged with it
        ("search=kanttekeningen&council=leiden", None),  # a and c, by relevance
        ("search=%22&council=leiden", []),
        ("order=title", ["a", "b", "c"]),
        ("order=-date&limit=1", ["c"]),
        ("limit=1&offset=2", ["a"]),
    ],
)
def test_letter_filters(client, site, query, expected):
    letters = {"a": site.a.pk, "b": site.b.pk, "c": site.c.pk}
    found = ids(get(client, "/api/v2/pages/?" + query))
    if expected is None:
        assert sorted(found) == sorted([site.a.pk, site.c.pk])
    else:
        assert found == [letters[key] for key in expected]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/?council=nergens",
        "/api/v2/pages/?topic=x",
        "/api/v2/pages/?body=zonder-schuine-streep",
        "/api/v2/pages/?kind=roman",
        "/api/v2/pages/?year=20x4",
        "/api/v2/pages/?year=99999",
        "/api/v2/pages/?council=%00",
        "/api/v2/pages/?owner=1",
        "/api/v2/pages/?type=wagtailcore.Page",
        "/api/v2/pages/?child_of=2",
        "/api/v2/pages/?title=x",
        "/api/v2/pages/?limit=abc",
        "/api/v2/pages/?limit=1000",
        "/api/v2/pages/?offset=-1",
        "/api/v2/pages/?offset=99999999999999999999999",
        "/api/v2/pages/?fields=owner",
        "/api/v2/pages/?fields=(((",
        "/api/v2/pages/?order=nonsense",
        "/api/v2/pages/?search=x&order=title",
        "/api/v2/pages/?search=x&search_operator=xor",
        "/api/v2/meetings/?year=abc",
        "/api/v2/meetings/?council=nergens",
        "/api/v2/motions/?status=nonsense",
        "/api/v2/motions/?status=",
    ],
)
def test_bad_input_is_a_400_with_a_message(client, site, url):
    data = get(client, url, status=400)

    assert data["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/pages/99999999/",
        "/api/v2/pages/99999999999999999999999/",
        "/api/v2/pages/find/?id=abc",
        "/api/v2/pages/find/?id=99999999999999999999999",
        "/api/v2/pages/find/?html_path=/bestaat/niet/",
        "/api/v2/meetings/99999999999999999999999/",
        "/api/v2/motions/0/",
    ],
)
def test_what_does_not_exist_is_a_404(client, site, url):
    get(client, url, status=404)


def test_find_by_path_redirects_to_the_letter(client, site):
    response = client.get(f"/api/v2/pages/find/?html_path={site.b.url}")

    assert response.status_code == 302
    assert response["Location"].startswith(f"http://testserver/api/v2/pages/{site.b.pk}/")


@time_machine.travel(datetime.datetime(2024, 7, 15, 12, 0), tick=False)
def test_meetings_and_motions_are_public_with_their_submitters(client, site):
    meeting = MeetingFactory(
        council=site.leiden,
        body=site.committee,
        title="Commissie Werk",
        date=datetime.date(2024, 7, 20),
    )
    AgendaItemFactory(meeting=meeting, number="10", title="Tien")
    AgendaItemFactory(meeting=meeting, number="2", title="Twee")
    motion = MotionFactory(
        council=site.leiderdorp,
        identifier="M7",
        title="Schuldhulp",
        deadline=datetime.date(2024, 6, 30),
        agenda_item=None,
    )
    MotionSubmitterFactory(motion=motion, name="Jeroen van Rossum", party="GroenLinks")
    MemberFactory(council=site.leiden, name="Anna Zonder Toestemming", publish_name=False)

    meetings = get(client, "/api/v2/meetings/?council=leiden")
    motions = get(client, "/api/v2/motions/?status=verlopen")
    (item,) = meetings["items"]
    (found,) = motions["items"]

    assert item["title"] == "Commissie Werk"
    assert [i["number"] for i in item["items"]] == ["2", "10"]
    assert item["body"]["slug"] == "commissie-werk"
    assert item["public_status"] == "gepland"
    assert client.get(item["html_url"]).status_code == 200
    assert found["submitters"] == [{"name": "Jeroen van Rossum", "party": "GroenLinks"}]
    assert found["follow_up"]["status"] == "overdue"
    assert client.get(found["html_url"]).status_code == 200
    assert get(client, "/api/v2/motions/?status=afgedaan")["items"] == []
    everything = str(get(client, "/api/v2/meetings/")) + str(get(client, "/api/v2/motions/"))
    everything += str(get(client, "/api/v2/pages/?fields=*"))
    assert "Anna Zonder Toestemming" not in everything


def test_records_of_a_council_without_a_live_page_are_left_out(client, site):
    MeetingFactory(council=site.leiderdorp, body=site.executive)
    MotionFactory(council=site.leiderdorp)
    site.leiderdorp.page.unpublish()

    assert get(client, "/api/v2/meetings/")["items"] == []
    assert get(client, "/api/v2/motions/")["items"] == []


def test_the_open_data_page_documents_every_endpoint(client, site):
    html = client.get("/open-data/").content.decode()

    for path in ("/api/v2/pages/", "/api/v2/meetings/", "/api/v2/motions/"):
        assert f"<code>{path}</code>" in html
        assert client.get(path).status_code == 200
    for name in ("council", "topic", "body", "kind", "year", "search", "submitters", "follow_up"):
        assert f"<code>{name}</code>" in html
    assert "/brieven/raad/CLIENTENRAAD/rss/" in html
