"""The Woo sitemap (``/sitemap-woo.xml``): published letters with DiWoo metadata.

Every ``diwoo:Document`` is validated against the DiWoo 0.9.8 XML schema,
vendored in tests/fixtures/diwoo (see its README); the required elements are
also checked one by one, and a copy with one of them removed is rejected.
"""

import copy
import datetime
from pathlib import Path

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from advice.documents.models import DocumentKind, RecordDocument
from advice.letters.services import letter_publish_correction
from advice.models import LetterPage
from publications.woo import ADVIEZEN, KERN
from tests.factories.advice import SIMPLE_BODY, ConsultationFactory, letter_page
from tests.factories.documents import record_document

from .conftest import MOMENT

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "diwoo"
SM = "http://www.sitemaps.org/schemas/sitemap/0.9"
DIWOO = "https://standaarden.overheid.nl/diwoo/metadata/"
XS = "http://www.w3.org/2001/XMLSchema"
NS = {"sm": SM, "diwoo": DIWOO}
LEIDEN = "https://identifier.overheid.nl/tooi/id/gemeente/gm0546"
#: ccw_plooi_documenthandelingen in the 0.9.8 value lists.
HANDELINGEN = {f"{KERN}c_641ecd76", f"{KERN}c_dfcee535", f"{KERN}c_e1ec050e"}

#: The elements the schema requires, as paths below diwoo:DiWoo.
REQUIRED = (
    "diwoo:publisher",
    "diwoo:titelcollectie",
    "diwoo:titelcollectie/diwoo:officieleTitel",
    "diwoo:classificatiecollectie",
    "diwoo:classificatiecollectie/diwoo:informatiecategorieen",
    "diwoo:classificatiecollectie/diwoo:informatiecategorieen/diwoo:informatiecategorie",
    "diwoo:documenthandelingen",
    "diwoo:documenthandelingen/diwoo:documenthandeling",
    "diwoo:documenthandelingen/diwoo:documenthandeling/diwoo:soortHandeling",
    "diwoo:documenthandelingen/diwoo:documenthandeling/diwoo:atTime",
)


@pytest.fixture(scope="module")
def schema():
    """The DiWoo 0.9.8 schema, its MDTO import pointed at the local stub (no network)."""
    tree = etree.parse(str(FIXTURES / "diwoo-metadata.xsd"))
    for element in tree.getroot().iter(f"{{{XS}}}import"):
        element.set("schemaLocation", (FIXTURES / "mdto-stub.xsd").as_uri())
    return etree.XMLSchema(tree)


def documents(client, path="/sitemap-woo.xml"):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{SM}}}urlset"
    return {
        url.findtext("sm:loc", namespaces=NS).removeprefix("http://localhost"): url.find(
            "diwoo:Document", NS
        )
        for url in root.iterfind("sm:url", NS)
    }


def missing_required(document):
    """The required elements ``document`` lacks, or whose value is empty or not a TOOI URI."""
    diwoo = document.find("diwoo:DiWoo", NS)
    if diwoo is None:
        return ["diwoo:DiWoo"]
    missing = [path for path in REQUIRED if diwoo.find(path, NS) is None]
    publisher = diwoo.find("diwoo:publisher", NS)
    if publisher is not None and not (
        publisher.get("resource", "").startswith("https://identifier.overheid.nl/tooi/id/")
        and publisher.text
    ):
        missing.append("publisher TOOI resource and name")
    for handeling in diwoo.iterfind("diwoo:documenthandelingen/diwoo:documenthandeling", NS):
        kind = handeling.find("diwoo:soortHandeling", NS)
        if kind is not None and kind.get("resource") not in HANDELINGEN:
            missing.append("soortHandeling TOOI resource")
    return missing


def valid(schema, document):
    return schema.validate(etree.ElementTree(copy.deepcopy(document)))


@pytest.fixture
def leiden(site):
    """The municipality of the small site, with Leiden's CBS code."""
    municipality = site.leiden.municipality
    municipality.cbs_code = "gm0546"
    municipality.save()
    return municipality


def test_each_letter_has_a_valid_diwoo_document_with_the_required_elements(
    client, site, leiden, schema
):
    found = documents(client)

    assert set(found) == {site.a.url, site.b.url, site.c.url}
    for location, document in found.items():
        assert valid(schema, document), (location, schema.error_log)
        assert missing_required(document) == [], location
    diwoo = found[site.a.url].find("diwoo:DiWoo", NS)
    publisher = diwoo.find("diwoo:publisher", NS)
    assert (publisher.get("resource"), publisher.text) == (LEIDEN, "gemeente Sleutelstad")
    assert diwoo.findtext("diwoo:opsteller", namespaces=NS) == "Cliëntenraad Leiden"
    assert diwoo.findtext("diwoo:titelcollectie/diwoo:officieleTitel", namespaces=NS) == (
        "Advies over armoede"
    )
    category = diwoo.find(".//diwoo:informatiecategorie", NS)
    assert (category.get("resource"), category.text) == ADVIEZEN
    assert category.get("resource") == (
        "https://identifier.overheid.nl/tooi/def/thes/kern/c_99a836c7"
    )
    assert diwoo.findtext("diwoo:creatiedatum", namespaces=NS) == "2023-05-01"
    assert diwoo.find("diwoo:language", NS).get("resource").endswith("/language/NLD")
    assert diwoo.find("diwoo:format", NS).get("resource").endswith("/file-type/HTML")
    assert diwoo.findtext("diwoo:identifiers/diwoo:identifier", namespaces=NS) == (site.a.reference)
    handelingen = {
        handeling.findtext("diwoo:soortHandeling", namespaces=NS): handeling.findtext(
            "diwoo:atTime", namespaces=NS
        )
        for handeling in diwoo.iterfind(".//diwoo:documenthandeling", NS)
    }
    assert set(handelingen) == {"vaststelling", "ontvangst"}
    assert handelingen["ontvangst"] == "2024-03-01T00:00:00+01:00"  # sent that day
    assert datetime.datetime.fromisoformat(handelingen["vaststelling"]).tzinfo is not None


@pytest.mark.parametrize("path", REQUIRED)
def test_a_copy_without_a_required_element_is_rejected(client, site, leiden, schema, path):
    document = documents(client)[site.a.url]
    assert valid(schema, document)
    broken = copy.deepcopy(document)
    elements = broken.findall(f"diwoo:DiWoo/{path}", NS)
    assert elements
    for element in elements:  # e.g. both documenthandelingen
        element.getparent().remove(element)

    assert not valid(schema, broken)
    assert missing_required(broken) != []


def test_a_publisher_without_a_tooi_uri_or_an_unknown_handeling_is_rejected(
    client, site, leiden, schema
):
    document = documents(client)[site.a.url]
    for path, attribute, value in (
        ("diwoo:publisher", "resource", "https://example.org/gemeente/sleutelstad"),
        (".//diwoo:soortHandeling", "resource", f"{KERN}c_00000000"),
    ):
        broken = copy.deepcopy(document)
        broken.find(f"diwoo:DiWoo/{path}", NS).set(attribute, value)
        assert not valid(schema, broken), path
        assert missing_required(broken) != [], path


def test_a_municipality_without_cbs_code_is_left_out(client, site):
    assert site.leiden.municipality.cbs_code == ""
    assert documents(client) == {}


def test_relations_corrections_and_drafts(client, site, leiden, schema):
    ConsultationFactory(
        council=site.leiden,
        subject="Armoedebeleid 2024",
        letter=site.a,
        proposal_url="https://gemeente.example/voorstel-armoede.pdf",
        response_url="https://gemeente.example/reactie-armoede.pdf",
    )
    with time_machine.travel(MOMENT + datetime.timedelta(days=10), tick=False):
        letter_publish_correction(
            letter=site.a, note="Bedrag verbeterd.", body=[*SIMPLE_BODY, ("text", "Verbeterd.")]
        )
    letter_page(site.leiden, title="Concept dat niemand mag zien")
    site.b.unpublish()

    response = client.get("/sitemap-woo.xml")
    found = documents(client)

    assert set(found) == {site.a.url, site.c.url}
    assert b"niemand mag zien" not in response.content
    diwoo = found[site.a.url].find("diwoo:DiWoo", NS)
    assert valid(schema, found[site.a.url]), schema.error_log
    relations = {
        relation.findtext("diwoo:role", namespaces=NS): relation.find("diwoo:relation", NS).get(
            "resource"
        )
        for relation in diwoo.iterfind(".//diwoo:documentrelatie", NS)
    }
    assert relations == {
        "is reactie op": "https://gemeente.example/voorstel-armoede.pdf",
        "verwijst naar": "https://gemeente.example/reactie-armoede.pdf",
    }
    assert diwoo.findtext("diwoo:redenVerwijderingVervanging", namespaces=NS) == (
        "Gecorrigeerd op 11-03-2024: Bedrag verbeterd."
    )


def test_the_woo_sitemap_is_linked_from_the_index_and_robots_txt(client, site, leiden):
    robots = client.get("/robots.txt")
    assert "Sitemap: http://localhost/sitemap-woo-aanvragen.xml" in robots.content.decode()
    assert robots.status_code == 200
    assert robots["Content-Type"].startswith("text/plain")
    lines = robots.content.decode().splitlines()
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Sitemap: http://localhost/sitemap-woo.xml" in lines

    index = etree.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert "http://localhost/sitemap-woo.xml" in locations


# --- Requests for advice (documents on the record) ---------------------------------------------


def test_public_requests_for_advice_are_listed_with_their_letter_and_response(
    client, site, leiden, schema
):
    consultation = ConsultationFactory(
        council=site.leiden,
        subject="Armoedebeleid 2024",
        reference="2024-07",
        asked_on=datetime.date(2024, 1, 15),
        letter=site.a,
    )
    request = record_document(consultation, title="Adviesaanvraag armoedebeleid", public=True)
    response = record_document(
        consultation,
        title="Reactie van het college",
        kind=DocumentKind.EXECUTIVE_RESPONSE,
        public=True,
    )
    internal = record_document(consultation, title="INTERNE adviesaanvraag")
    record_document(consultation, title="INTERNE reactie", kind=DocumentKind.EXECUTIVE_RESPONSE)
    other = ConsultationFactory(council=site.leiden, subject="Brief ingetrokken", letter=site.c)
    unanswered = record_document(other, title="Adviesaanvraag zonder advies", public=True)
    site.c.unpublish()

    content = client.get("/sitemap-woo-aanvragen.xml").content
    found = documents(client, "/sitemap-woo-aanvragen.xml")

    assert set(found) == {request.document.url, unanswered.document.url}
    assert internal.document.url not in found
    assert b"INTERN" not in content
    assert site.c.url.encode() not in content and site.c.title.encode() not in content
    for location, document in found.items():
        assert valid(schema, document), (location, schema.error_log)
        assert missing_required(document) == [], location
    diwoo = found[request.document.url].find("diwoo:DiWoo", NS)
    assert diwoo.find("diwoo:publisher", NS).get("resource") == LEIDEN
    assert diwoo.findtext(".//diwoo:officieleTitel", namespaces=NS) == (
        "Adviesaanvraag armoedebeleid"
    )
    assert diwoo.find(".//diwoo:informatiecategorie", NS).get("resource") == ADVIEZEN[0]
    assert diwoo.findtext(".//diwoo:documentsoort", namespaces=NS) == "adviesaanvraag"
    assert diwoo.findtext("diwoo:identifiers/diwoo:identifier", namespaces=NS) == "2024-07"
    assert diwoo.find("diwoo:format", NS).get("resource").endswith("/file-type/PDF")
    handeling = diwoo.find(".//diwoo:documenthandeling", NS)
    assert handeling.findtext("diwoo:soortHandeling", namespaces=NS) == "ontvangst"
    assert handeling.findtext("diwoo:atTime", namespaces=NS) == "2024-01-15T00:00:00+01:00"
    relations = [
        relation.find("diwoo:relation", NS).get("resource")
        for relation in diwoo.iterfind(".//diwoo:documentrelatie", NS)
    ]
    assert relations == [
        "http://localhost" + site.a.url,
        "http://localhost" + response.document.url,
    ]
    # The request of a letter that is not published names no letter.
    assert found[unanswered.document.url].find(".//diwoo:documentrelatie", NS) is None

    # The letter answers the public request document, and names the public response.
    letter = documents(client)[site.a.url].find("diwoo:DiWoo", NS)
    letter_relations = {
        relation.findtext("diwoo:role", namespaces=NS): relation.find("diwoo:relation", NS).get(
            "resource"
        )
        for relation in letter.iterfind(".//diwoo:documentrelatie", NS)
    }
    assert letter_relations == {
        "is reactie op": "http://localhost" + request.document.url,
        "verwijst naar": "http://localhost" + response.document.url,
    }


def test_requests_of_a_municipality_without_cbs_code_or_a_hidden_council_are_left_out(client, site):
    consultation = ConsultationFactory(council=site.leiden, subject="Armoedebeleid")
    record_document(consultation, title="Adviesaanvraag", public=True)
    assert documents(client, "/sitemap-woo-aanvragen.xml") == {}

    site.leiden.municipality.cbs_code = "gm0546"
    site.leiden.municipality.save()
    assert len(documents(client, "/sitemap-woo-aanvragen.xml")) == 1
    site.leiden.page.unpublish()
    assert documents(client, "/sitemap-woo-aanvragen.xml") == {}


def test_the_requests_sitemap_runs_the_same_queries_for_2_and_12_documents(client, site, leiden):
    counts = []
    for total in (2, 12):
        while RecordDocument.objects.count() < total:
            consultation = ConsultationFactory(council=site.leiden, letter=site.a)
            record_document(consultation, title="Adviesaanvraag", public=True)
            record_document(
                consultation,
                title="Reactie",
                kind=DocumentKind.EXECUTIVE_RESPONSE,
                public=True,
            )
        client.get("/sitemap-woo-aanvragen.xml")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/sitemap-woo-aanvragen.xml")
        assert response.content.count(b"<diwoo:Document>") == total // 2
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10, counts


def test_woo_files_page_through_every_public_letter_once(client, site, leiden, settings):
    """A file reads the keys of its letters only; together the files hold each public letter
    of the municipality once, and no draft or unpublished one."""
    letter_page(site.leiden, title="Concept dat niemand mag zien")
    site.c.unpublish()
    settings.SITEMAP_SECTION_LIMIT = 1

    index = etree.fromstring(client.get("/sitemap.xml").content)
    files = [
        loc.text.removeprefix("http://localhost")
        for loc in index.iterfind("sm:sitemap/sm:loc", NS)
        if "sitemap-woo.xml" in loc.text
    ]
    found = []
    for path in files:
        listed = documents(client, path)
        assert len(listed) == 1, path
        found.extend(listed)

    public = [
        letter.url
        for letter in LetterPage.objects.live().public().filter(council__municipality=leiden)
    ]
    assert sorted(found) == sorted(public)
    assert site.c.url not in found
    assert files == [
        "/sitemap-woo.xml",
        *(f"/sitemap-woo.xml?p={n}" for n in range(2, 1 + len(public))),
    ]
    assert client.get(f"/sitemap-woo.xml?p={len(files) + 1}").status_code == 404
