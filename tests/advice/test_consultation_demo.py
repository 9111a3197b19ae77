"""The demo consultations: what seed 001 states, and only that."""

import io

import pytest
from django.core.management import call_command

from advice.consultations.services import consultation_save
from advice.consultations.verdicts import ConsultationVerdict
from advice.models import Consultation, ConsultationVerdictEvent

pytestmark = pytest.mark.django_db

SEED_001 = {
    "seed-001-dynamisch-selectiemodel": (
        "Over de invoering van het dynamische selectiemodel is kennelijk al besloten zonder dat "
        "het nodig werd geacht de Cliëntenraad erover te informeren en te raadplegen."
    ),
    "seed-001-handboek-schulinck": (
        "Met de Cliëntenraad is niets besproken, maar het besluit is al genomen."
    ),
}


def test_seed_001_records_two_decisions_taken_without_the_council(demo):
    consultations = {c.reference: c for c in Consultation.objects.select_related("council")}

    assert set(consultations) == set(SEED_001)
    for reference, words in SEED_001.items():
        consultation = consultations[reference]
        assert consultation.council.slug == "leiden"
        assert words in consultation.source
        # No date and no deciding body are stated: the record says so, nothing is invented.
        assert consultation.asked_on is None and not consultation.asked_date_unknown
        assert consultation.decided_on is None and consultation.decided_date_unknown
        assert consultation.advice_due is None and consultation.advice_sent_on is None
        assert consultation.response_received_on is None
        assert consultation.body is None
        assert consultation.outcome == Consultation.Outcome.UNKNOWN
        # Both are discussed under item 6 of 7 April 2009, in the letter of seed 001.
        item = consultation.agenda_item
        assert (item.number, str(item.meeting.date)) == ("6", "2009-04-07")
        assert consultation.letter.source_id == "seed-001"
        assert consultation.advice_sent is None  # the letter's sending date is unknown
        judgement = consultation.judgement()
        assert judgement.verdict == ConsultationVerdict.NOT_CONSULTED
        assert judgement.explanation == (
            "Besluit genomen op een onbekende datum; de cliëntenraad is niet om advies gevraagd."
        )
    assert ConsultationVerdictEvent.objects.for_feed().count() == 2


def test_the_demo_pages_show_the_record(demo, client):
    consultation = Consultation.objects.get(reference="seed-001-dynamisch-selectiemodel")

    html = client.get(f"/leiden/raadplegingen/{consultation.pk}/").content.decode()

    assert "Niet gevraagd" in html
    assert "niet bekend welk orgaan besloot" in html
    assert "genomen, maar de datum is niet bekend" in html
    assert "kennelijk al besloten" in html
    scorecard = client.get("/leiden/raadplegingen/").content.decode()
    assert "We kennen 2 besluiten" in scorecard


def test_load_demo_keeps_edits_to_the_consultations(demo):
    consultation = Consultation.objects.get(reference="seed-001-handboek-schulinck")
    consultation.internal_notes = "Nagevraagd bij de gemeente."
    consultation_save(consultation=consultation)

    call_command("load_demo", stdout=io.StringIO())

    assert Consultation.objects.get(pk=consultation.pk).internal_notes == (
        "Nagevraagd bij de gemeente."
    )
    assert Consultation.objects.count() == 2
