"""The consultations endpoint: the public record with its verdict, nothing internal."""

import datetime

import pytest
import time_machine

from tests.factories.advice import ConsultationFactory, published_letter
from tests.factories.council import CouncilFactory, MunicipalBodyFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code} {response.content[:300]}"
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def record():
    council = CouncilFactory(name="Cliëntenraad Leiden", slug="leiden")
    hidden = CouncilFactory(name="Cliëntenraad Zonder Pagina", slug="zonder-pagina")
    council_page(council)
    body = MunicipalBodyFactory(municipality=council.municipality, name="College", slug="college")
    letter = published_letter(council, title="Advies over de werkwijze", sent_on=D(2026, 3, 8))
    with time_machine.travel(TODAY, tick=False):
        late = ConsultationFactory(
            council=council,
            body=body,
            subject="Nieuwe werkwijze",
            asked_on=D(2026, 3, 3),
            decided_on=D(2026, 3, 10),
            letter=letter,
            internal_notes="Navragen bij de wethouder; niet voor publicatie.",
        )
        not_asked = ConsultationFactory(
            council=council, subject="Besluit zonder raad", decided_date_unknown=True
        )
        ConsultationFactory(council=hidden, subject="Geen openbare raad", decided_on=D(2026, 1, 1))
    return council, letter, late, not_asked


def test_lists_public_consultations_with_their_verdict(client, record):
    council, letter, late, not_asked = record

    with time_machine.travel(TODAY, tick=False):
        data = get(client, "/api/v2/consultations/")

    assert data["meta"]["total_count"] == 2
    by_id = {item["id"]: item for item in data["items"]}
    item = by_id[late.pk]
    assert item["verdict"]["verdict"] == "consulted_late"
    assert item["verdict"]["findings"][0] == (
        "Advies gevraagd op 3 maart 2026, besluit op 10 maart 2026: 7 dagen, "
        "de verordening vraagt 42."
    )
    assert item["advice_sent"] == "2026-03-08"
    assert item["advice_sent_from_letter"] is True
    assert item["body"]["slug"] == "college"
    assert item["council"] == {"slug": "leiden", "name": "Cliëntenraad Leiden"}
    assert item["letter"]["html_url"] == "http://testserver" + letter.url
    assert item["html_url"] == f"http://testserver/leiden/raadplegingen/{late.pk}/"
    assert by_id[not_asked.pk]["verdict"]["verdict"] == "not_consulted"
    assert by_id[not_asked.pk]["decided_date_unknown"] is True


def test_nothing_internal_is_served(client, record):
    council, letter, late, not_asked = record

    listing = client.get("/api/v2/consultations/").content.decode()
    detail = client.get(f"/api/v2/consultations/{late.pk}/").content.decode()

    for body in (listing, detail):
        assert "internal_notes" not in body
        assert "niet voor publicatie" not in body
        assert "Geen openbare raad" not in body


def test_an_unpublished_letter_is_not_linked(client, record):
    council, letter, late, not_asked = record
    letter.unpublish()

    item = get(client, f"/api/v2/consultations/{late.pk}/")

    # The letter is off the site, the fact that it was sent stays on the record.
    assert item["letter"] is None
    assert item["advice_sent"] == "2026-03-08"


@pytest.mark.parametrize(
    "query",
    ["?council=bestaat-niet", "?year=x", "?body=x", "?limit=abc", "?offset=-1", "?verdict=1"],
)
def test_bad_parameters_are_a_400(client, record, query):
    data = get(client, f"/api/v2/consultations/{query}", status=400)

    assert "message" in data


def test_filters(client, record):
    council, letter, late, not_asked = record

    assert [i["id"] for i in get(client, "/api/v2/consultations/?year=2026")["items"]] == [late.pk]
    assert get(client, "/api/v2/consultations/?council=leiden")["meta"]["total_count"] == 2
    assert (
        get(client, "/api/v2/consultations/?body=" + f"{council.municipality.slug}/college")[
            "meta"
        ]["total_count"]
        == 1
    )
    get(client, "/api/v2/consultations/999999/", status=404)
    get(client, "/api/v2/consultations/99999999999999999999999/", status=404)


@pytest.mark.parametrize("extra", [0, 30])
def test_queries_do_not_grow_with_the_record(client, record, django_assert_max_num_queries, extra):
    council, *_ = record
    for n in range(extra):
        ConsultationFactory(council=council, subject=f"Besluit {n}", asked_on=D(2026, 1, 5))

    with django_assert_max_num_queries(9):
        data = get(client, "/api/v2/consultations/?limit=20")

    assert data["meta"]["total_count"] == 2 + extra
