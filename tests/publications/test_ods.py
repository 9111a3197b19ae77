"""The ODS endpoints (/api/ods/v2/): the spec's schemas, what they show, pages, errors, export."""

import copy
import datetime
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command

from agenda.models import AgendaItem, Meeting
from council.models import Council, MunicipalBody
from motions.models import Motion
from publications.api.ods.export import export_council
from publications.api.ods.mapping import Links, fit
from tests.factories.advice import letter_page, published_letter
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory
from tests.factories.motions import MotionFactory, MotionSubmitterFactory
from tests.factories.publications import council_page

from .ods_spec import errors

pytestmark = pytest.mark.django_db

API = "/api/ods/v2/"
TODAY = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def ods(db):
    """A public council with a council meeting (held), a committee meeting (planned), a college
    meeting; items, a motion and a commitment, a published letter linked to an item."""

    class Site:
        pass

    site = Site()
    with time_machine.travel(TODAY, tick=False):
        site.council = CouncilFactory(name="Cliëntenraad Sleutelstad", slug="sleutelstad")
        council_page(site.council)
        municipality = site.council.municipality
        site.raad = MunicipalBodyFactory(
            municipality=municipality, kind=MunicipalBody.Kind.MUNICIPAL_COUNCIL, name="Raad"
        )
        site.committee = MunicipalBodyFactory(municipality=municipality, name="Commissie Werk")
        site.college = MunicipalBodyFactory(
            municipality=municipality, kind=MunicipalBody.Kind.EXECUTIVE, name="College"
        )
        site.held = MeetingFactory(
            council=site.council, body=site.raad, title="Raadsvergadering",
            date=datetime.date(2026, 10, 1), start_time=datetime.time(19, 30),
            end_time=datetime.time(23, 0), location="Raadzaal", status=Meeting.Status.HELD,
        )  # fmt: skip
        site.planned = MeetingFactory(
            council=site.council, body=site.committee, date=datetime.date(2026, 12, 3),
            title="Commissie " + "werk en inkomen " * 10,
        )  # fmt: skip
        site.college_meeting = MeetingFactory(
            council=site.council, body=site.college, date=datetime.date(2026, 9, 1)
        )
        site.items = [
            AgendaItemFactory(meeting=site.held, number=number, title=f"Punt {number}")
            for number in ("10", "2", "2a")
        ]
        site.items[1].summary = "Over de bijstand."
        site.items[1].save()
        AgendaItemFactory(meeting=site.planned, number="1", title="Armoedebeleid")
        site.motion = MotionFactory(
            council=site.council, agenda_item=site.items[1], identifier="M2026-7",
            operative_text="verzoekt het college …",
        )  # fmt: skip
        MotionSubmitterFactory(motion=site.motion, name="A. de Vries", party="GroenLinks")
        site.commitment = MotionFactory(
            council=site.council, kind=Motion.Kind.COMMITMENT, identifier="T-3",
            title="Toezegging over de cliëntenraad", submitted_on=None,
        )  # fmt: skip
        site.letter = published_letter(
            site.council, title="Advies over de bijstand", date=datetime.date(2026, 9, 20)
        )
        site.letter.agenda_items.add(site.items[1])
        site.letter.save_revision().publish()
    return site


def get(client, path, **params):
    return client.get(API + path, params)


def all_results(client, path):
    response = get(client, path)
    assert response.status_code == 200, response.content
    return response.json()


# --- Against the spec --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "list_schema", "schema"),
    [
        ("vergaderingen", "PaginatedVergaderingList", "Vergadering"),
        ("agendapunten", "PaginatedAgendapuntList", "Agendapunt"),
        ("informatieobjecten", "PaginatedInformatieObjectList", "InformatieObject"),
    ],
)
def test_lists_and_details_follow_the_spec(client, ods, path, list_schema, schema):
    with time_machine.travel(TODAY, tick=False):
        answer = all_results(client, path)
        assert answer["results"], path
        assert errors(list_schema, answer) == []
        for resource in answer["results"]:
            assert errors(schema, resource) == [], resource["id"]
            detail = client.get(resource["url"])
            assert detail.status_code == 200, resource["url"]
            assert detail.json() == resource
            assert errors(schema, detail.json()) == []


BROKEN = [
    ("Vergadering", "vergaderingen", lambda r: r.update(vergaderingstype="bijeenkomst")),
    ("Vergadering", "vergaderingen", lambda r: r.pop("vergaderingstype")),
    ("Vergadering", "vergaderingen", lambda r: r.update(status="gepland-misschien")),
    ("Vergadering", "vergaderingen", lambda r: r.update(geplandeVergaderdatum="1-10-2026")),
    ("Vergadering", "vergaderingen", lambda r: r.update(naam="x" * 101)),
    ("Agendapunt", "agendapunten", lambda r: r.pop("vergadering")),
    ("Agendapunt", "agendapunten", lambda r: r.update(vergadering={"id": "1"})),
    ("Agendapunt", "agendapunten", lambda r: r.update(indicatieHamerstuk="ja")),
    ("Agendapunt", "agendapunten", lambda r: r.update(url="/api/ods/v2/agendapunten/1")),
    ("InformatieObject", "informatieobjecten", lambda r: r.update(informatieobjecttype="brief")),
    ("InformatieObject", "informatieobjecten", lambda r: r.update(id=7)),
    ("InformatieObject", "informatieobjecten", lambda r: r.update(gemeente={"gemeentecode": ""})),
    ("InformatieObject", "informatieobjecten", lambda r: r.update(datumIngediend="2026-13-01")),
]


@pytest.mark.parametrize(("schema", "path", "breaks"), BROKEN)
def test_a_broken_answer_fails_the_check(client, ods, schema, path, breaks):
    resource = all_results(client, path)["results"][0]
    assert errors(schema, resource) == []
    broken = copy.deepcopy(resource)
    breaks(broken)
    assert errors(schema, broken), f"the check let a broken {schema} through"


def test_a_broken_list_fails_the_check(client, ods):
    answer = all_results(client, "vergaderingen")
    assert errors("PaginatedVergaderingList", {**answer, "results": None})
    assert errors("PaginatedVergaderingList", {"next": None, "previous": None})
    assert errors("PaginatedVergaderingList", {**answer, "next": 3})


# --- What the fields say ------------------------------------------------------------------------


def test_a_meeting_in_ods(client, ods):
    with time_machine.travel(TODAY, tick=False):
        held = get(client, f"vergaderingen/{ods.held.pk}").json()
        planned = get(client, f"vergaderingen/{ods.planned.pk}").json()
        college = get(client, f"vergaderingen/{ods.college_meeting.pk}").json()
    assert held["vergaderingstype"] == "raadsvergadering"
    assert held["status"] == "gehouden"
    assert held["aanvangVergadering"] == "2026-10-01T19:30:00+02:00"
    assert held["geplandeEindeVergadering"] == "2026-10-01T23:00:00+02:00"
    assert held["locatie"] == "Raadzaal"
    assert held["georganiseerdDoorGremium"]["gremiumnaam"] == "Raad"
    # in agenda order: 2, 2a, 10
    numbers = [client.get(url).json()["agendapuntKenmerk"] for url in held["agendapunten"]]
    assert numbers == ["2", "2a", "10"]
    assert planned["status"] == "gepland"
    assert planned["vergaderingstype"] == "commissievergadering"
    assert len(planned["naam"]) <= 100 and planned["naam"].endswith("…")
    assert "aanvangVergadering" not in planned
    # the college meeting was planned and its date passed: no status, as on the public site
    assert "status" not in college


def test_an_agenda_item_in_ods(client, ods):
    item = ods.items[1]
    answer = get(client, f"agendapunten/{item.pk}").json()
    assert answer["agendapuntKenmerk"] == "2"
    assert answer["agendapuntvolgnummer"] == "1"
    assert answer["agendapuntOmschrijving"] == "Over de bijstand."
    assert answer["vergadering"]["id"] == str(ods.held.pk)
    ids = sorted(url.rsplit("/", 1)[1] for url in answer["informatieobjecten"])
    assert ids == sorted([f"motie-{ods.motion.pk}", f"brief-{ods.letter.pk}"])


def test_motions_commitments_and_letters_as_information_objects(client, ods):
    by_id = {r["id"]: r for r in all_results(client, "informatieobjecten")["results"]}
    motion = by_id[f"motie-{ods.motion.pk}"]
    assert motion["informatieobjecttype"] == "motie"
    assert motion["motietype"] == "overig"
    assert motion["auteur"] == "A. de Vries (GroenLinks)"
    assert motion["omschrijving"] == "M2026-7"
    assert motion["agendapunten"] == [
        {"id": str(ods.items[1].pk), "url": f"http://testserver{API}agendapunten/{ods.items[1].pk}"}
    ]
    assert motion["vergaderingen"][0]["id"] == str(ods.held.pk)
    assert client.get(motion["link"]).status_code == 200
    commitment = by_id[f"toezegging-{ods.commitment.pk}"]
    assert commitment["informatieobjecttype"] == "toezegging"
    assert "motietype" not in commitment and "datumIngediend" not in commitment
    letter = by_id[f"brief-{ods.letter.pk}"]
    assert letter["informatieobjecttype"] == "ingekomen_stuk"
    assert letter["auteur"] == "Cliëntenraad Sleutelstad"
    assert letter["creatiedatum"] == "2026-09-20"
    assert letter["omschrijving"] == ods.letter.reference
    assert letter["agendapunten"][0]["id"] == str(ods.items[1].pk)
    assert client.get(letter["link"]).status_code == 200
    # a motion's id does not answer as a commitment, nor the other way round
    assert get(client, f"informatieobjecten/toezegging-{ods.motion.pk}").status_code == 404
    assert get(client, f"informatieobjecten/motie-{ods.commitment.pk}").status_code == 404


def test_fit_cuts_at_a_word():
    assert fit("kort", 10) == "kort"
    assert fit("een heel lange titel van de vergadering", 20) == "een heel lange…"
    assert len(fit("x" * 300, 100)) == 100


# --- Filters, pages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"informatieobjecttype": "motie"}, {"motie"}),
        ({"informatieobjecttype": "toezegging"}, {"toezegging"}),
        ({"informatieobjecttype": "ingekomen_stuk"}, {"brief"}),
        ({"informatieobjecttype": "amendement"}, set()),
        ({"provincie": "zuid_holland"}, set()),
        ({"titel": "bijstand"}, {"brief"}),
        ({"datumIngediend": "2026-01-15"}, {"motie"}),
        ({"creatiedatum": "2026-09-20"}, {"brief"}),
        ({"raad": "elders"}, set()),
    ],
)
def test_information_object_filters(client, ods, query, expected):
    answer = get(client, "informatieobjecten", **query).json()
    assert {r["id"].split("-")[0] for r in answer["results"]} == expected
    assert answer["count"] == len(answer["results"])


def test_item_and_meeting_filters(client, ods):
    with time_machine.travel(TODAY, tick=False):
        of_meeting = get(client, "agendapunten", vergaderingsIdentificatie=ods.held.pk).json()
        assert of_meeting["count"] == 3
        assert get(client, "vergaderingen", status="gehouden").json()["count"] == 1
        assert get(client, "vergaderingen", status="gepland").json()["count"] == 1
        council = get(client, "vergaderingen", vergaderingstype="raadsvergadering").json()
        assert [r["id"] for r in council["results"]] == [str(ods.held.pk)]
        assert get(client, "vergaderingen", vergaderdatum="2026-12-03").json()["count"] == 1
        item_links = get(client, "informatieobjecten", agendapuntIdentificatie=ods.items[1].pk)
        assert item_links.json()["count"] == 2


def test_pages_link_to_each_other(client, ods):
    for n in range(45):
        AgendaItemFactory(meeting=ods.planned, number=str(n + 10))
    first = get(client, "agendapunten").json()
    assert first["count"] == 49 and len(first["results"]) == 20
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["previous"] == f"http://testserver{API}agendapunten"
    third = client.get(second["next"]).json()
    assert len(third["results"]) == 9 and third["next"] is None
    seen = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert len(set(seen)) == 49


def test_information_objects_page_across_tables(client, ods):
    for _n in range(25):
        MotionFactory(council=ods.council)
    pages = [get(client, "informatieobjecten", page=n).json() for n in (1, 2)]
    assert pages[0]["count"] == 28
    ids = [r["id"] for page in pages for r in page["results"]]
    assert len(ids) == 28 == len(set(ids))
    assert ids[0] == f"brief-{ods.letter.pk}"
    assert get(client, "informatieobjecten", page=3).status_code == 404


# --- Errors: Dutch, in the spec's shape, never a 500 --------------------------------------------


@pytest.mark.parametrize(
    ("path", "query", "name"),
    [
        ("vergaderingen", "page=abc", "page"),
        ("vergaderingen", "page=0", "page"),
        ("vergaderingen", "page=%C2%B2", "page"),
        ("vergaderingen", "page=99999999999999999999", "page"),
        ("vergaderingen", "status=bezig", "status"),
        ("vergaderingen", "vergaderdatum=31-02-2024", "vergaderdatum"),
        ("vergaderingen", "vergaderdatum=2024-02-31", "vergaderdatum"),
        ("vergaderingen", "vergaderingstype=college", "vergaderingstype"),
        ("vergaderingen", "gemeentecode=leiden", "gemeentecode"),
        ("vergaderingen", "gewijzigdSinds=2024-01-01T00:00:00Z", "gewijzigdSinds"),
        ("vergaderingen", "onzin=1", "onzin"),
        ("vergaderingen", "raad=%00", "raad"),
        ("vergaderingen", "provincie=brabant", "provincie"),
        ("agendapunten", "vergaderingsIdentificatie=abc", "vergaderingsIdentificatie"),
        (
            "agendapunten",
            "vergaderingsIdentificatie=99999999999999999999",
            "vergaderingsIdentificatie",
        ),
        ("agendapunten", "agendapuntOmschrijving=" + "x" * 300, "agendapuntOmschrijving"),
        ("informatieobjecten", "informatieobjecttype=brief", "informatieobjecttype"),
        ("informatieobjecten", "informatieobjecttype=overig", "informatieobjecttype"),
        ("informatieobjecten", "datumIngediend=gisteren", "datumIngediend"),
        ("informatieobjecten", "taal=dut", "taal"),
        ("informatieobjecten", "titel=%00", "titel"),
    ],
)
def test_a_bad_parameter_is_a_dutch_problem(client, ods, path, query, name):
    response = client.get(f"{API}{path}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert problem["title"] == "Deze vraag kunnen we niet beantwoorden."
    assert [p["name"] for p in problem["invalidParams"]] == [name[:40]]
    assert problem["detail"] == problem["invalidParams"][0]["reason"]
    assert name[:40] in problem["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "vergaderingen/0",
        "vergaderingen/abc",
        "vergaderingen/99999999999999999999",
        "agendapunten/999999",
        "informatieobjecten/brief",
        "informatieobjecten/brief-abc",
        "informatieobjecten/onzin-1",
        "informatieobjecten/motie-99999999999999999999",
        "informatieobjecten/document-99999999999999999999",
        "informatieobjecten/document-abc",
        "informatieobjecten/document--1",
        "informatieobjecten/document-999999",
        "informatieobjecten/999",
    ],
)
def test_an_unknown_id_is_a_dutch_404(client, ods, path):
    response = client.get(API + path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Niet gevonden."


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_only_get(client, ods, method):
    for path in ("vergaderingen", f"vergaderingen/{ods.held.pk}", "informatieobjecten"):
        count = Meeting.objects.count()
        response = getattr(client, method)(API + path, data="{}", content_type="application/json")
        assert response.status_code == 405, (method, path)
        assert response.json()["title"] == "Alleen lezen."
        assert response["Allow"] == "GET, HEAD"
        assert Meeting.objects.count() == count


def test_the_root_lists_the_resources(client, ods):
    answer = get(client, "").json()
    assert client.get(answer["vergaderingen"]).status_code == 200
    assert client.get(answer["informatieobjecten"]).status_code == 200
    assert f'<a href="{API}"><code>{API}</code></a>' in client.get("/open-data/").content.decode()


# --- Only public records -------------------------------------------------------------------------


def test_a_council_without_a_public_page_shows_nothing(client, ods):
    hidden = CouncilFactory(slug="verborgen")  # no council page
    meeting = MeetingFactory(council=hidden, title="Geheime vergadering")
    item = AgendaItemFactory(meeting=meeting, title="Geheim punt")
    motion = MotionFactory(council=hidden, title="Geheime motie", agenda_item=item)
    draft = letter_page(ods.council, title="Geheim concept")
    # an item of the hidden council linked from a public letter and a public motion
    ods.motion.agenda_item = item
    ods.motion.save()
    for path in ("vergaderingen", "agendapunten", "informatieobjecten"):
        content = get(client, path).content
        assert b"Geheim" not in content, path
        assert f"agendapunten/{item.pk}".encode() not in content, path
    for path in (
        f"vergaderingen/{meeting.pk}",
        f"agendapunten/{item.pk}",
        f"informatieobjecten/motie-{motion.pk}",
        f"informatieobjecten/brief-{draft.pk}",
    ):
        assert get(client, path).status_code == 404, path
    assert get(client, "vergaderingen", raad="verborgen").json()["count"] == 0


# --- Export -------------------------------------------------------------------------------------


def test_export_gives_the_endpoints_answers(client, ods, tmp_path):
    with time_machine.travel(TODAY, tick=False):
        exported = export_council(ods.council, Links("http://testserver"))
        assert set(exported) == {"vergaderingen", "agendapunten", "informatieobjecten"}
        assert len(exported["vergaderingen"]) == 3
        assert len(exported["agendapunten"]) == AgendaItem.objects.count()
        for key, schema in (
            ("vergaderingen", "Vergadering"),
            ("agendapunten", "Agendapunt"),
            ("informatieobjecten", "InformatieObject"),
        ):
            for resource in exported[key]:
                assert client.get(resource["url"]).json() == resource
                assert errors(schema, resource) == []
        types = sorted(r["informatieobjecttype"] for r in exported["informatieobjecten"])
        assert types == ["ingekomen_stuk", "motie", "toezegging"]

        target = tmp_path / "ods.json"
        call_command(
            "export_ods", raad="sleutelstad", output=str(target), base_url="http://testserver"
        )
        assert json.loads(target.read_text(encoding="utf-8")) == exported


def test_export_of_another_council_holds_nothing_of_this_one(ods):
    other = CouncilFactory(slug="ander")
    council_page(other)
    assert export_council(other) == {
        "vergaderingen": [],
        "agendapunten": [],
        "informatieobjecten": [],
    }


def test_export_of_an_unknown_council_says_so_in_dutch():
    with pytest.raises(CommandError, match="Er is geen cliëntenraad met de korte naam “nergens”"):
        call_command("export_ods", raad="nergens")


def test_the_demo_councils_export_within_the_spec(demo):
    """The seed documents' real meetings, items, motions and letters (long titles, partial
    dates, commitments without a date) all fit the spec's schemas."""
    checked = {}
    for council in Council.objects.all():
        exported = export_council(council, Links("http://testserver"))
        for key, schema in (
            ("vergaderingen", "Vergadering"),
            ("agendapunten", "Agendapunt"),
            ("informatieobjecten", "InformatieObject"),
        ):
            for resource in exported[key]:
                assert errors(schema, resource) == [], (council.slug, resource["id"])
                checked[key] = checked.get(key, 0) + 1
    assert set(checked) == {"vergaderingen", "agendapunten", "informatieobjecten"}, checked


# --- Documents on the record (advice.documents) -------------------------------------------------


@pytest.fixture
def documents(ods):
    """Public documents of every kind on an item and on a consultation, an internal one, and a
    public one of a council whose page is unpublished."""
    from advice.documents.models import DocumentKind
    from tests.factories.advice import ConsultationFactory
    from tests.factories.documents import record_document

    consultation = ConsultationFactory(council=ods.council, subject="Raadpleging met stukken")
    item = ods.items[0]
    ods.docs = {
        "request": record_document(consultation, title="Adviesaanvraag bijstand", public=True),
        "response": record_document(
            consultation, title="Reactie van het college",
            kind=DocumentKind.EXECUTIVE_RESPONSE, public=True,
        ),
        "proposal": record_document(
            item, title="Raadsvoorstel bijstand", kind=DocumentKind.PROPOSAL, public=True
        ),
        "decision": record_document(
            item, title="Besluit bijstand", kind=DocumentKind.DECISION, public=True
        ),
        "other": record_document(
            item, title="Bijlage bij het voorstel", kind=DocumentKind.OTHER, public=True
        ),
    }  # fmt: skip
    ods.internal = record_document(
        item, title="GEHEIM conceptbesluit", kind=DocumentKind.PROPOSAL, public=False
    )
    hidden = CouncilFactory(slug="verborgen")
    page = council_page(hidden)
    hidden_item = AgendaItemFactory(meeting__council=hidden, title="Punt elders")
    ods.offline = record_document(hidden_item, title="GEHEIM maar aangevinkt", public=True)
    page.unpublish()
    return ods


def doc_id(attachment):
    return f"document-{attachment.pk}"


def test_documents_as_information_objects_follow_the_spec(client, documents):
    ods = documents
    answer = all_results(client, "informatieobjecten")
    assert errors("PaginatedInformatieObjectList", answer) == []
    by_id = {r["id"]: r for r in answer["results"]}
    assert answer["count"] == 3 + len(ods.docs) == len(by_id)
    for attachment in ods.docs.values():
        resource = by_id[doc_id(attachment)]
        assert errors("InformatieObject", resource) == [], resource["id"]
        detail = client.get(resource["url"])
        assert detail.status_code == 200
        assert detail.json() == resource
        assert resource["titel"] == attachment.document.title
        assert resource["link"] == f"http://testserver{attachment.document.url}"
        assert client.get(resource["link"]).status_code == 200
        assert resource["vertrouwelijkheidsaanduiding"] == "openbaar"
    types = {name: by_id[doc_id(a)]["informatieobjecttype"] for name, a in ods.docs.items()}
    assert types == {
        "request": "voorstel",
        "response": "antwoord",
        "proposal": "voorstel",
        "decision": "besluitvormingsstuk",
        "other": "ingekomen_stuk",
    }
    assert by_id[doc_id(ods.docs["request"])]["omschrijving"] == "Adviesaanvraag, PDF"
    assert by_id[doc_id(ods.docs["response"])]["omschrijving"] == "Reactie van het college, PDF"
    # a consultation is no ODS resource: its documents point at no item or meeting
    assert (
        "agendapunten" not in by_id[doc_id(ods.docs["request"])]
        or not (by_id[doc_id(ods.docs["request"])]["agendapunten"])
    )
    item = ods.items[0]
    proposal = by_id[doc_id(ods.docs["proposal"])]
    assert [ref["id"] for ref in proposal["agendapunten"]] == [str(item.pk)]
    assert [ref["id"] for ref in proposal["vergaderingen"]] == [str(ods.held.pk)]
    # documents come after letters, motions and commitments
    assert [r["id"].split("-")[0] for r in answer["results"]][3:] == ["document"] * 5


def test_an_item_and_its_meeting_list_their_public_documents(client, documents):
    ods = documents
    on_item = [doc_id(ods.docs[name]) for name in ("proposal", "decision", "other")]
    with time_machine.travel(TODAY, tick=False):
        item = get(client, f"agendapunten/{ods.items[0].pk}").json()
        meeting = get(client, f"vergaderingen/{ods.held.pk}").json()
    assert errors("Agendapunt", item) == [] and errors("Vergadering", meeting) == []
    url = f"http://testserver{API}informatieobjecten/"
    assert item["informatieobjecten"] == [url + pk for pk in on_item]
    assert meeting["bijlagen"] == [url + pk for pk in on_item]
    for link in meeting["bijlagen"]:
        assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"informatieobjecttype": "voorstel"}, {"request", "proposal"}),
        ({"informatieobjecttype": "antwoord"}, {"response"}),
        ({"informatieobjecttype": "besluitvormingsstuk"}, {"decision"}),
        ({"informatieobjecttype": "ingekomen_stuk"}, {"other", "brief"}),
        ({"informatieobjecttype": "motie"}, {"motie"}),
        ({"titel": "bijstand"}, {"request", "proposal", "decision", "brief"}),
        ({"raad": "sleutelstad", "informatieobjecttype": "antwoord"}, {"response"}),
        ({"raad": "verborgen"}, set()),
        ({"creatiedatum": "2026-11-20"}, set()),
    ],
)
def test_document_filters(client, documents, query, expected):
    names = {doc_id(a): name for name, a in documents.docs.items()}
    answer = get(client, "informatieobjecten", **query).json()
    found = {names.get(r["id"], r["id"].split("-")[0]) for r in answer["results"]}
    assert found == expected
    assert answer["count"] == len(answer["results"])


def test_document_filters_by_item_and_meeting(client, documents):
    ods = documents
    by_item = get(client, "informatieobjecten", agendapuntIdentificatie=ods.items[0].pk).json()
    assert {r["id"] for r in by_item["results"]} == {
        doc_id(ods.docs[name]) for name in ("proposal", "decision", "other")
    }
    by_meeting = get(client, "informatieobjecten", vergaderingsIdentificatie=ods.held.pk).json()
    assert by_meeting["count"] == 3 + 2  # the documents, the motion and the letter


def test_only_public_documents_reach_ods_and_the_export(client, documents):
    from advice.documents.models import RecordDocument

    ods = documents
    public = {doc_id(a) for a in RecordDocument.objects.public()}
    assert public == {doc_id(a) for a in ods.docs.values()}
    with time_machine.travel(TODAY, tick=False):
        for path in ("vergaderingen", "agendapunten", "informatieobjecten"):
            content = get(client, path).content
            assert b"GEHEIM" not in content, path
            for hidden in (ods.internal, ods.offline):
                assert f"/{doc_id(hidden)}".encode() not in content, path
                assert hidden.document.url.encode() not in content, path
        for path in (
            f"agendapunten/{ods.items[0].pk}",
            f"vergaderingen/{ods.held.pk}",
            *(
                f"informatieobjecten?{q}"
                for q in ("informatieobjecttype=voorstel", "raad=verborgen")
            ),
        ):
            assert b"GEHEIM" not in get(client, path).content, path
        for hidden in (ods.internal, ods.offline):
            assert get(client, f"informatieobjecten/{doc_id(hidden)}").status_code == 404
        exported = export_council(ods.council, Links("http://testserver"))
    ids = {r["id"] for r in exported["informatieobjecten"] if r["id"].startswith("document-")}
    assert ids == public
    assert "GEHEIM" not in json.dumps(exported)
    assert export_council(ods.offline.council) == {
        "vergaderingen": [],
        "agendapunten": [],
        "informatieobjecten": [],
    }
    for resource in exported["informatieobjecten"]:
        assert errors("InformatieObject", resource) == []


def test_information_objects_page_across_three_tables(client, documents):
    for _n in range(25):
        MotionFactory(council=documents.council)
    pages = [get(client, "informatieobjecten", page=n).json() for n in (1, 2)]
    assert pages[0]["count"] == 3 + 25 + 5
    ids = [r["id"] for page in pages for r in page["results"]]
    assert len(ids) == 33 == len(set(ids))
    assert ids[-5:] == [doc_id(a) for a in sorted(
        documents.docs.values(), key=lambda a: (a.added_at, a.pk), reverse=True
    )]  # fmt: skip
    assert get(client, "informatieobjecten", page=3).status_code == 404
