"""The API as a journalist expects it: a root that lists the endpoints, links to the
next and previous page, the site's Dutch filter values, and errors in Dutch."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from benchmarks.bulk import add_published_letters

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(r"\b(must|cannot|unknown|expected|not found|invalid|one of|doesn't)\b", re.I)


def link(url):
    """A link's path and parameters (their order is not part of the answer)."""
    if url is None:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}", dict(parse_qsl(parts.query))


def test_the_root_lists_every_endpoint(client, site):
    response = client.get("/api/v2/")
    assert response.status_code == 200
    data = response.json()
    names = [endpoint["name"] for endpoint in data["endpoints"]]
    assert names == ["pages", "meetings", "motions", "consultations"]
    assert data["documentation"] == "http://testserver/open-data/"
    for endpoint in data["endpoints"]:
        assert endpoint["url"] == f"http://testserver/api/v2/{endpoint['name']}/"
        assert endpoint["description"]
        assert client.get(endpoint["url"]).status_code == 200
    pages = data["endpoints"][0]
    assert "gevraagd-advies" in pages["filters"]["kind"]
    assert "requested_advice" in pages["filters"]["kind"]


def test_next_and_previous_walk_the_whole_list(client, site):
    add_published_letters(site.leiden.page, 5, addressee=site.committee)
    everything = [item["id"] for item in client.get("/api/v2/pages/?limit=20").json()["items"]]
    assert len(everything) == 8

    url, seen, pages = "http://testserver/api/v2/pages/?limit=3&council=leiden", [], []
    while url:
        data = client.get(url).json()
        pages.append(data)
        seen += [item["id"] for item in data["items"]]
        url = data["meta"]["next"]
    assert [len(page["items"]) for page in pages] == [3, 3, 1]
    assert seen == [pk for pk in everything if pk != site.b.pk]  # b is Leiderdorp's
    assert pages[0]["meta"]["previous"] is None
    assert link(pages[1]["meta"]["next"]) == (
        "http://testserver/api/v2/pages/",
        {"limit": "3", "council": "leiden", "offset": "6"},
    )
    assert link(pages[2]["meta"]["previous"]) == (
        "http://testserver/api/v2/pages/",
        {"limit": "3", "council": "leiden", "offset": "3"},
    )
    first = client.get(pages[1]["meta"]["previous"]).json()
    assert first == pages[0]

    beyond = client.get("/api/v2/pages/?limit=3&offset=30").json()
    assert beyond["items"] == [] and beyond["meta"]["next"] is None
    assert link(beyond["meta"]["previous"])[1] == {"limit": "3", "offset": "5"}
    for path in ("/api/v2/meetings/", "/api/v2/motions/", "/api/v2/consultations/"):
        meta = client.get(path).json()["meta"]
        assert set(meta) == {"total_count", "next", "previous"}


def test_search_results_have_next_and_previous(client, site):
    data = client.get("/api/v2/pages/?search=kanttekeningen&limit=2").json()
    assert data["meta"]["total_count"] == 3
    assert link(data["meta"]["next"])[1] == {
        "search": "kanttekeningen",
        "limit": "2",
        "offset": "2",
    }
    rest = client.get(data["meta"]["next"]).json()
    assert len(rest["items"]) == 1 and rest["meta"]["next"] is None


@pytest.mark.parametrize(
    ("dutch", "stored"),
    [("gevraagd-advies", "requested_advice"), ("ongevraagd-advies", "unsolicited_advice")],
)
def test_kind_takes_the_sites_values_and_the_stored_ones(client, site, dutch, stored):
    by_dutch = client.get(f"/api/v2/pages/?kind={dutch}").json()
    by_stored = client.get(f"/api/v2/pages/?kind={stored}").json()
    assert by_dutch == by_stored
    assert all(item["kind"] == stored for item in by_dutch["items"])


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/api/v2/pages/?limit=abc", 400, "limit: geef een geheel getal van 0 of meer."),
        ("/api/v2/pages/?limit=100", 400, "limit: hoogstens 20."),
        ("/api/v2/pages/?offset=-1", 400, "offset: geef een geheel getal van 0 of meer."),
        ("/api/v2/pages/?offset=99999999", 400, None),
        ("/api/v2/pages/?order=owner", 400, "order: op “owner” sorteren kan niet."),
        ("/api/v2/pages/?fields=owner", 400, "fields: deze velden bestaan niet: owner."),
        ("/api/v2/pages/?fields=title(", 400, None),
        ("/api/v2/pages/?wat=1", 400, "Deze parameter kennen we niet: wat."),
        ("/api/v2/pages/?kind=visie-nota", 400, None),
        ("/api/v2/pages/?council=nergens", 400, "council: geen bekende korte naam: “nergens”."),
        ("/api/v2/pages/?year=20x4", 400, "year: verwacht een jaartal van vier cijfers."),
        ("/api/v2/pages/?search=x&order=title", 400, None),
        ("/api/v2/pages/?search=x&search_operator=xor", 400, "search_operator: 'and' of 'or'."),
        ("/api/v2/motions/?status=weg", 400, None),
        ("/api/v2/meetings/?body=zonder-schuine-streep", 400, None),
        ("/api/v2/pages/99999999/", 404, "Niet gevonden."),
        ("/api/v2/pages/find/?html_path=/nergens/", 404, "Niet gevonden."),
    ],
)
def test_errors_are_in_dutch(client, site, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    text = response.json()["message"]
    assert not ENGLISH.search(text), text
    if message is not None:
        assert text == message
