"""import_ods: an ODS export becomes meetings, agenda items and motions; idempotent, all or
nothing, a changed item is updated with an audit entry naming the source, and bad input gets a
Dutch report naming the object and field with the database unchanged."""

import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry, Revision

from agenda.models import AgendaItem, Meeting
from council.change_log import CHANGE, ChangeFormatter
from council.models import MunicipalBody
from motions.models import Motion
from motions.ods import reading
from motions.ods.importing import ods_import
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ods" / "leiden.json"
SOURCE = "ods:raad.leiden.example"


def export():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def as_bytes(value):
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def leiden():
    municipality = MunicipalityFactory(name="Leiden", slug="leiden")
    council = CouncilFactory(name="Cliëntenraad Leiden", slug="leiden", municipality=municipality)
    MunicipalBodyFactory(
        municipality=municipality,
        name="Gemeenteraad",
        slug="gemeenteraad",
        kind=MunicipalBody.Kind.MUNICIPAL_COUNCIL,
    )
    return council


def state():
    """Every row the import may write, with its version: what must not move."""
    return {
        "meetings": list(Meeting.objects.order_by("pk").values()),
        "items": list(AgendaItem.objects.order_by("pk").values()),
        "motions": list(Motion.objects.order_by("pk").values()),
        "submitters": list(Motion.submitters.rel.related_model.objects.order_by("pk").values()),
        "bodies": list(MunicipalBody.objects.order_by("pk").values()),
        "log": ModelLogEntry.objects.count(),
        "revisions": Revision.objects.count(),
    }


def run(council, data=None, name="leiden.json"):
    return ods_import(
        data=as_bytes(data if data is not None else export()), name=name, council=council
    )


def test_the_fixture_becomes_meetings_items_and_a_motion(leiden):
    report = run(leiden)

    assert report.ok and report.applied, report.problems
    assert report.ignored == 1  # the raadsvoorstel is an information object of another type
    committee, council_meeting = Meeting.objects.order_by("date")
    assert (committee.title, committee.date, committee.status) == (
        "Commissie Onderwijs en Samenleving",
        datetime.date(2026, 3, 11),
        Meeting.Status.HELD,
    )
    # 19:02Z and 22:41Z are 20:02 and 23:41 in Leiden (CET).
    assert (committee.start_time, committee.end_time) == (
        datetime.time(20, 2),
        datetime.time(23, 41),
    )
    assert committee.location == "Raadzaal, Stadhuis, Stadhuisplein 1"
    assert (committee.source, committee.source_id) == (SOURCE, "2026-0311-cos")
    # The committee was not known yet: made, in Leiden; the council's body was found.
    assert committee.body.name == "Commissie Onderwijs en Samenleving"
    assert committee.body.kind == MunicipalBody.Kind.COMMITTEE
    assert committee.body.municipality == leiden.municipality
    assert council_meeting.body.slug == "gemeenteraad"
    assert council_meeting.start_time == datetime.time(19, 30)
    assert council_meeting.end_time is None

    numbers = [item.number for item in committee.items_in_order()]
    assert numbers == ["1", "2", "3", "4", "4a"]
    item = committee.items.get(number="3")
    assert item.title == "Armoedebeleid 2026-2030: Meedoen in Leiden"
    assert item.summary.startswith("Raadsvoorstel 26.0021")
    assert item.concern == AgendaItem.Concern.UNKNOWN  # the source does not say; the clerk does
    assert council_meeting.items.count() == 3

    motion = Motion.objects.get()
    assert motion.title == "Armoedeval voorkomen bij bijverdienen"
    assert motion.kind == Motion.Kind.MOTION
    assert motion.vote == Motion.Vote.UNKNOWN
    assert motion.submitted_on == datetime.date(2026, 3, 26)
    assert motion.operative_text.startswith("De raad van de gemeente Leiden")
    assert motion.agenda_item == council_meeting.items.get(number="7")
    assert [(s.name, s.party) for s in motion.submitters.all()] == [("M. de Vries", "GroenLinks")]
    assert motion.council == leiden

    # Every new record is in its history, with the cause; meetings and motions have a revision.
    created = ModelLogEntry.objects.filter(action="wagtail.create")
    assert created.count() == 2 + 8 + 1
    assert {entry.data["cause"] for entry in created} == {"import ODS leiden.json"}
    assert committee.latest_revision is not None and motion.latest_revision is not None
    assert "vergaderingen: 2 nieuw" in report.summary()


def test_a_second_run_changes_nothing(leiden):
    assert run(leiden).applied
    before = state()

    report = run(leiden)

    assert report.applied and report.ok
    assert state() == before  # no write, no version counted, no log entry, no revision
    assert report.counts[("vergaderingen", "same")] == 2
    assert report.counts[("agendapunten", "same")] == 8
    assert report.counts[("moties", "same")] == 1
    assert not report.lines


def test_a_changed_item_is_updated_with_an_entry_naming_the_source(leiden):
    run(leiden)
    item = AgendaItem.objects.get(source_id="cos-0311-3")
    item.concern = AgendaItem.Concern.ADVICE_REQUESTED  # the clerk's own judgement
    item.save()
    item.refresh_from_db()
    version = item.version
    others = {i.pk: i.version for i in AgendaItem.objects.exclude(pk=item.pk)}
    changed = export()
    point = next(p for p in changed["agendapunten"] if p["id"] == "cos-0311-3")
    point["agendapuntTitel"] = "Armoedebeleid 2026-2030: Meedoen in Leiden (gewijzigd voorstel)"

    report = run(leiden, changed, name="leiden-2.json")

    assert report.applied
    item.refresh_from_db()
    assert item.title.endswith("(gewijzigd voorstel)")
    assert item.concern == AgendaItem.Concern.ADVICE_REQUESTED  # not in the source: kept
    assert item.version == version + 1
    assert {i.pk: i.version for i in AgendaItem.objects.exclude(pk=item.pk)} == others
    entry = ModelLogEntry.objects.for_instance(item).get(action=CHANGE)
    assert entry.data["cause"] == "import ODS leiden-2.json"
    assert [change["field"] for change in entry.data["changes"]] == ["title"]
    message = ChangeFormatter().format_message(entry)
    assert "Titel: Armoedebeleid 2026-2030: Meedoen in Leiden →" in message
    assert "import ODS leiden-2.json" in message
    assert report.counts[("agendapunten", "changed")] == 1
    assert report.counts[("agendapunten", "same")] == 7


def test_a_changed_meeting_date_and_swapped_numbers(leiden):
    run(leiden)
    meeting = Meeting.objects.get(source_id="2026-0311-cos")
    version = meeting.version
    revisions = meeting.revisions.count()
    changed = export()
    changed["vergaderingen"][0]["vergaderdatum"] = "2026-03-12"
    for point in changed["agendapunten"]:
        if point["id"] == "cos-0311-1":
            point["agendapuntKenmerk"] = "2"
        elif point["id"] == "cos-0311-2":
            point["agendapuntKenmerk"] = "1"

    report = run(leiden, changed)

    assert report.applied, report.problems
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2026, 3, 12)
    assert (meeting.version, meeting.revisions.count()) == (version + 1, revisions + 1)
    numbers = dict(meeting.items.values_list("source_id", "number"))
    assert (numbers["cos-0311-1"], numbers["cos-0311-2"]) == ("2", "1")


def test_an_item_may_point_at_a_meeting_imported_before(leiden):
    run(leiden)
    later = {
        "vergaderingen": [],
        "agendapunten": [
            {
                "url": "https://raad.leiden.example/api/v1/agendapunten/cos-0311-6",
                "id": "cos-0311-6",
                "vergadering": {
                    "id": "2026-0311-cos",
                    "url": "https://raad.leiden.example/api/v1/vergaderingen/2026-0311-cos",
                },
                "agendapuntKenmerk": "6",
                "agendapuntTitel": "Rondvraag",
            }
        ],
    }
    report = run(leiden, later)
    assert report.applied, report.problems
    assert AgendaItem.objects.get(source_id="cos-0311-6").meeting.source_id == "2026-0311-cos"


def test_ids_are_per_council(leiden):
    other = CouncilFactory(slug="andere-raad", municipality=leiden.municipality)
    run(leiden)
    assert run(other).applied
    assert Meeting.objects.filter(council=other).count() == 2
    assert Meeting.objects.filter(council=leiden).count() == 2


def test_the_spec_examples_date_time_with_colon_milliseconds_is_read(leiden):
    data = export()
    data["vergaderingen"][1]["aanvangVergadering"] = "2026-03-26T18:25:00:000Z"
    assert run(leiden, data).applied
    assert Meeting.objects.get(source_id="2026-0326-raad").start_time == datetime.time(19, 25)


# --- Bad input: a Dutch report naming object and field, nothing written --------------------------


def _without(key):
    data = export()
    del data[key]
    return data


def _meeting(**fields):
    data = export()
    data["vergaderingen"][0].update(fields)
    return data


def _point(index, **fields):
    data = export()
    data["agendapunten"][index].update(fields)
    return data


def _unknown_meeting():
    data = export()
    data["agendapunten"][2]["vergadering"] = {
        "id": "bestaat-niet",
        "url": "https://raad.leiden.example/api/v1/vergaderingen/bestaat-niet",
    }
    return data


def _duplicate_id():
    data = export()
    data["agendapunten"][1]["id"] = "cos-0311-1"
    data["agendapunten"][1]["url"] = data["agendapunten"][0]["url"]
    return data


BAD = {
    "not JSON": (b"<html>niet gevonden</html>", "is geen geldige JSON (regel 1, kolom 1)"),
    "not UTF-8": ("{}".encode("utf-16"), "is geen UTF-8-tekst"),
    "a list": (as_bytes([1, 2]), "niet de vorm van een ODS-export"),
    "too deep": (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
    "no agendapunten": (as_bytes(_without("agendapunten")), "de lijst 'agendapunten' ontbreekt"),
    "vergaderingen not a list": (
        as_bytes({"vergaderingen": "x", "agendapunten": []}),
        "'vergaderingen' moet een lijst zijn",
    ),
    "not an object": (
        as_bytes({"vergaderingen": [7], "agendapunten": []}),
        "vergaderingen[0]: is geen object",
    ),
    "no id": (
        as_bytes(_point(3, id=None)),
        'agendapunten[3], veld "id": ontbreekt',
    ),
    "duplicate id": (
        as_bytes(_duplicate_id()),
        'agendapunten[1] (id "cos-0311-1"), veld "id": komt twee keer voor (ook agendapunten[0]',
    ),
    "unknown meeting": (
        as_bytes(_unknown_meeting()),
        'agendapunten[2] (id "cos-0311-3"), veld "vergadering": verwijst naar vergadering "bestaat-niet"',
    ),
    "date out of range": (
        as_bytes(_meeting(vergaderdatum="1850-03-11")),
        'vergaderingen[0] (id "2026-0311-cos"), veld "vergaderdatum": de datum 1850-03-11 valt buiten 1900–2199',
    ),
    "date that does not exist": (
        as_bytes(_meeting(vergaderdatum="2026-02-30")),
        'veld "vergaderdatum": "2026-02-30" is geen bestaande datum',
    ),
    "date-time out of range": (
        as_bytes(_meeting(aanvangVergadering="20260-03-11T19:02:00Z")),
        'veld "aanvangVergadering": "20260-03-11T19:02:00Z" is geen bestaand tijdstip',
    ),
    "unknown status": (
        as_bytes(_meeting(status="uitgesteld")),
        'veld "status": "uitgesteld" is geen toegestane waarde; kies uit: gepland, gehouden, geannuleerd',
    ),
    "title too long": (
        as_bytes(_point(0, agendapuntTitel="x" * 300)),
        'agendapunten[0] (id "cos-0311-1"), veld "agendapuntTitel": is 300 tekens lang; hier passen er hoogstens 255',
    ),
    "number not text": (
        as_bytes(_point(0, agendapuntKenmerk=5)),
        'veld "agendapuntKenmerk": moet tekst zijn',
    ),
    "held in the future": (
        as_bytes(
            _meeting(vergaderdatum="2027-01-12", aanvangVergadering=None, eindeVergadering=None)
        ),
        'vergaderingen[0] (id "2026-0311-cos"), veld "status": Deze vergadering ligt in de toekomst',
    ),
    "end before start": (
        as_bytes(_meeting(eindeVergadering="2026-03-11T18:00:00Z")),
        'veld "eindeVergadering": Het einde ligt voor of op de aanvang',
    ),
    "two items with one number": (
        as_bytes(
            _point(
                7, vergadering=_point(0)["agendapunten"][0]["vergadering"], agendapuntKenmerk="1"
            )
        ),
        'agendapunten[7] (id "raad-0326-3"), veld "agendapuntKenmerk": Deze vergadering heeft al een agendapunt met nummer 1',
    ),
    "another municipality": (
        as_bytes(_meeting(gemeente={"gemeentecode": "0363", "gemeentenaam": "Amsterdam"})),
        'veld "gemeente": de cliëntenraad adviseert de gemeente Amsterdam niet',
    ),
    "not a motion in moties": (
        as_bytes(
            {
                **export(),
                "moties": [
                    {"id": "x", "url": "https://a.example/x", "informatieobjecttype": "vraag"}
                ],
            }
        ),
        'moties[0] (id "x"), veld "informatieobjecttype": in de lijst \'moties\' hoort alleen type motie',
    ),
    "motion on an unknown item": (
        as_bytes(
            {
                "vergaderingen": [],
                "agendapunten": [],
                "moties": [
                    {
                        "id": "M1",
                        "url": "https://a.example/M1",
                        "titel": "Motie",
                        "agendapunten": [{"id": "weg", "url": "https://a.example/weg"}],
                    }
                ],
            }
        ),
        'moties[0] (id "M1"), veld "agendapunten": verwijst naar agendapunt "weg"',
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_is_reported_in_dutch_and_changes_nothing(leiden, case):
    data, expected = BAD[case]
    before = state()

    report = ods_import(data=data, name="leiden.json", council=leiden)

    assert not report.ok and not report.applied
    assert any(expected in problem for problem in report.problems), report.problems
    assert report.summary().startswith("leiden.json: niets ingelezen")
    assert state() == before


def test_a_problem_late_in_the_file_rolls_back_what_was_written_before_it(leiden):
    data, _expected = BAD["two items with one number"]
    report = ods_import(data=data, name="leiden.json", council=leiden)
    assert not report.applied
    assert not Meeting.objects.exists() and not AgendaItem.objects.exists()
    assert MunicipalBody.objects.count() == 1  # the committee made for the file is gone too
    assert not report.lines  # nothing is reported as written


def test_limits(leiden, monkeypatch):
    data = as_bytes(export())
    monkeypatch.setattr(reading, "MAX_OBJECTS", 5)
    report = ods_import(data=data, name="groot.json", council=leiden)
    assert report.problems == ["groot.json bevat te veel objecten: 12, hoogstens 5 per bestand."]
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    report = ods_import(data=data, name="groot.json", council=leiden)
    assert report.problems == ["groot.json is te groot: een ODS-bestand is hoogstens 0 MB."]
    assert not Meeting.objects.exists()


# --- The command -------------------------------------------------------------------------------


def test_the_command_imports_a_file_and_a_second_run_changes_nothing(leiden, capsys):
    call_command("import_ods", str(FIXTURE), "--raad", "leiden")
    out = capsys.readouterr().out
    assert "vergaderingen: 2 nieuw, 0 gewijzigd, 0 ongewijzigd" in out
    before = state()
    call_command("import_ods", str(FIXTURE), "--raad", "leiden")
    assert "vergaderingen: 0 nieuw, 0 gewijzigd, 2 ongewijzigd" in capsys.readouterr().out
    assert state() == before


def test_the_command_refuses_an_unknown_council(leiden):
    before = state()
    with pytest.raises(CommandError, match="Er is geen cliëntenraad met korte naam 'gouda'"):
        call_command("import_ods", str(FIXTURE), "--raad", "gouda")
    assert state() == before


def test_the_command_reports_problems_and_writes_nothing(leiden, tmp_path, capsys):
    path = tmp_path / "fout.json"
    path.write_bytes(as_bytes(_meeting(vergaderdatum="2026-02-30")))
    with pytest.raises(CommandError, match="niets ingelezen"):
        call_command("import_ods", str(path), "--raad", "leiden")
    assert '"vergaderdatum": "2026-02-30" is geen bestaande datum' in capsys.readouterr().err
    assert not Meeting.objects.exists()


def test_the_command_refuses_a_missing_file(leiden, tmp_path):
    with pytest.raises(CommandError, match="kan niet gelezen worden"):
        call_command("import_ods", str(tmp_path / "weg.json"), "--raad", "leiden")


def test_auteur_is_read_as_submitters_with_their_party():
    from motions.ods.fields import submitters

    assert submitters("M. de Vries (GroenLinks); J. Jansen") == [
        ("M. de Vries", "GroenLinks"),
        ("J. Jansen", ""),
    ]
    assert submitters("") == ""


def test_a_resource_withdrawn_at_the_source_is_skipped(leiden):
    data = export()
    data["informatieobjecten"][0]["wijziging"] = "Verwijdering"
    report = run(leiden, data)
    assert report.applied and report.ignored == 2
    assert not Motion.objects.exists()
