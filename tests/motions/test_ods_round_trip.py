"""Round trip: our demo meetings exported as ODS (``export_ods``, publications.api.ods) and
imported into an empty council (``import_ods``) come back as the same meetings, agenda items and
motions; importing the export a second time changes nothing."""

import json

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from advice.documents.models import DocumentKind, RecordDocument
from agenda.models import AgendaItem, Meeting
from council.models import Council
from motions.models import Motion
from tests.factories.advice import ConsultationFactory
from tests.factories.council import CouncilFactory
from tests.factories.documents import record_document

pytestmark = pytest.mark.django_db


def meetings_of(council):
    return sorted(
        (
            meeting.title,
            meeting.date,
            meeting.start_time,
            meeting.end_time,
            meeting.location,
            meeting.status,
            meeting.body_id,
            sorted((item.number, item.title, item.summary) for item in meeting.items.all()),
        )
        for meeting in Meeting.objects.filter(council=council).prefetch_related("items")
    )


def motions_of(council):
    return sorted(
        (
            motion.kind,
            motion.title,
            motion.operative_text,
            motion.submitted_on,
            motion.agenda_item.title if motion.agenda_item else None,
            [(s.name, s.party) for s in motion.submitters.all()],
        )
        for motion in Motion.objects.filter(council=council)
    )


@pytest.mark.parametrize("slug", ["leiden", "leidschendam-voorburg"])
def test_exported_meetings_come_back_in_an_empty_council(demo, tmp_path, slug):
    source = Council.objects.get(slug=slug)
    assert Meeting.objects.filter(council=source).exists()
    # documents travel in the export as information objects; the import leaves them alone
    item = AgendaItem.objects.filter(meeting__council=source).first()
    record_document(item, title="Raadsvoorstel", kind=DocumentKind.PROPOSAL, public=True)
    record_document(ConsultationFactory(council=source), title="Adviesaanvraag", public=True)
    path = tmp_path / f"{slug}.json"
    call_command("export_ods", "--raad", slug, "--output", str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["vergaderingen"]
    assert {r["informatieobjecttype"] for r in exported["informatieobjecten"]} >= {"voorstel"}
    empty = CouncilFactory(slug=f"{slug}-leeg", municipality=source.municipality)

    call_command("import_ods", str(path), "--raad", empty.slug)

    assert meetings_of(empty) == meetings_of(source)
    assert motions_of(source)  # the seeds' motions travel too
    assert motions_of(empty) == motions_of(source)
    assert not RecordDocument.objects.filter(council=empty).exists()
    entries = ModelLogEntry.objects.count()
    versions = sorted(Meeting.objects.filter(council=empty).values_list("pk", "version"))

    call_command("import_ods", str(path), "--raad", empty.slug)

    assert ModelLogEntry.objects.count() == entries
    assert sorted(Meeting.objects.filter(council=empty).values_list("pk", "version")) == versions
