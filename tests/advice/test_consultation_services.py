"""Consultations written through the services: validation, audit trail, verdict events, signal."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry, Revision

from advice.consultations import audit
from advice.consultations.services import consultation_delete, consultation_save
from advice.consultations.signals import consultation_changed
from advice.consultations.verdicts import ConsultationVerdict
from advice.letters.services import letter_send
from advice.models import Consultation, ConsultationVerdictEvent, LetterPage
from tests.factories.advice import ConsultationFactory, adopted_letter, letter_page
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, UserFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def council():
    return CouncilFactory()


def logs(consultation):
    return list(ModelLogEntry.objects.for_instance(consultation).order_by("timestamp", "pk"))


def test_creating_keeps_a_revision_and_a_log_of_every_value(council):
    clerk = UserFactory(username="griffie")
    consultation = ConsultationFactory(
        council=council, subject="Nieuw armoedebeleid", decided_on=d("2026-03-10"), user=clerk
    )

    assert Revision.objects.for_instance(consultation).get().user == clerk
    [entry] = logs(consultation)
    assert (entry.action, entry.user) == (audit.CREATE, clerk)
    values = {item["field"]: item["value"] for item in entry.data["values"]}
    assert values["subject"] == "Nieuw armoedebeleid"
    assert values["decided_on"] == "2026-03-10"
    assert values["verdict"] == ConsultationVerdict.NOT_CONSULTED
    assert "Besluit genomen op: 10 maart 2026." in entry.message
    assert "Oordeel: niet gevraagd." in entry.message


def test_changing_a_date_logs_who_and_the_old_and_new_value(council):
    consultation = ConsultationFactory(
        council=council, asked_on=d("2026-01-05"), decided_on=d("2026-03-10")
    )
    clerk = UserFactory(username="griffie")

    consultation.decided_on = d("2026-01-20")
    result = consultation_save(consultation=consultation, user=clerk)

    entry = logs(consultation)[-1]
    assert entry.action == audit.CHANGE and entry.user == clerk
    changes = {change["field"]: change for change in entry.data["changes"]}
    assert changes["decided_on"]["old"] == "2026-03-10"
    assert changes["decided_on"]["new"] == "2026-01-20"
    assert changes["verdict"]["old"] == ConsultationVerdict.CONSULTED_IN_TIME
    assert changes["verdict"]["new"] == ConsultationVerdict.CONSULTED_LATE
    assert entry.message == (
        "Besluit genomen op: 10 maart 2026 → 20 januari 2026. "
        "Oordeel: op tijd gevraagd → te laat gevraagd."
    )
    assert entry.revision == result.revision and result.revision.user == clerk
    assert set(changes) == {"decided_on", "verdict"}


def test_saving_without_a_change_records_nothing(council):
    consultation = ConsultationFactory(council=council, asked_on=d("2026-01-05"))
    before = (len(logs(consultation)), Revision.objects.for_instance(consultation).count())

    result = consultation_save(consultation=Consultation.objects.get(pk=consultation.pk))

    assert not result.changed
    assert (len(logs(consultation)), Revision.objects.for_instance(consultation).count()) == before


def test_an_impossible_combination_is_refused_and_nothing_saved(council):
    consultation = ConsultationFactory(council=council, asked_on=d("2026-01-05"))
    consultation.advice_sent_on = d("2026-01-10")
    consultation.response_received_on = d("2026-01-08")

    with pytest.raises(ValidationError) as refusal:
        consultation_save(consultation=consultation)

    assert "response_received_on" in refusal.value.message_dict
    stored = Consultation.objects.get(pk=consultation.pk)
    assert (stored.advice_sent_on, stored.response_received_on) == (None, None)
    assert len(logs(consultation)) == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        (
            {"asked_on": "2026-02-01", "advice_sent_on": "2026-01-20"},
            "advice_sent_on",
            "Advies verzonden op (20 januari 2026) ligt vóór",
        ),
        (
            {"asked_on": "2026-02-01", "advice_due": "2026-01-20"},
            "advice_due",
            "Advies uiterlijk (20 januari 2026) ligt vóór",
        ),
        (
            {"advice_sent_on": "2026-02-01", "response_received_on": "2026-01-31"},
            "response_received_on",
            "Het antwoord van het college (31 januari 2026) ligt vóór",
        ),
        ({"response_extension_days": 14}, "response_extension_reason", "Geef de reden"),
        ({"response_extension_days": -3}, "response_extension_days", "kan niet negatief zijn"),
        (
            {"response_extension_reason": "uitstel"},
            "response_extension_days",
            "geen aantal dagen",
        ),
        ({"decided_on": "2026-12-01"}, "decided_on", "Besluit genomen op ligt in de toekomst"),
        ({"asked_on": "2027-01-01"}, "asked_on", "ligt in de toekomst"),
        (
            {"decided_on": "2026-03-01", "decided_date_unknown": True},
            "decided_date_unknown",
            "Er staat al een datum",
        ),
    ],
)
def test_impossible_combinations_name_the_field(council, fields, field, words):
    values = {
        key: d(value) if isinstance(value, str) and key.endswith(("_on", "_due")) else value
        for key, value in fields.items()
    }
    consultation = Consultation(council=council, reference="X-1", subject="Besluit", **values)

    with pytest.raises(ValidationError) as refusal:
        consultation_save(consultation=consultation)

    messages = refusal.value.message_dict
    assert field in messages, messages
    assert words in " ".join(messages[field])
    assert not Consultation.objects.exists()


def test_a_decision_before_the_request_is_the_complaint_not_an_error(council):
    consultation = ConsultationFactory(
        council=council, asked_on=d("2026-03-01"), decided_on=d("2026-02-15")
    )

    assert consultation.judgement().verdict == ConsultationVerdict.DECIDED_BEFORE_ADVICE


def test_records_of_another_municipality_or_council_are_refused(council):
    other = CouncilFactory()
    body = MunicipalBodyFactory()  # another municipality
    item = AgendaItemFactory(meeting=MeetingFactory(council=other))
    letter = adopted_letter(other)
    letter_send(letter=letter, sent_on=d("2026-03-01"), sent_to="Raad")

    consultation = Consultation(
        council=council,
        reference="X-2",
        subject="Besluit",
        body=body,
        agenda_item=item,
        letter=letter,
    )
    with pytest.raises(ValidationError) as refusal:
        consultation_save(consultation=consultation)

    messages = refusal.value.message_dict
    assert "Kies een orgaan van" in messages["body"][0]
    assert "andere cliëntenraad volgt" in messages["agenda_item"][0]
    assert "andere cliëntenraad" in messages["letter"][0]


def test_a_draft_letter_cannot_answer_a_consultation(council):
    draft = letter_page(council)
    consultation = Consultation(council=council, reference="X-3", subject="Besluit", letter=draft)

    with pytest.raises(ValidationError) as refusal:
        consultation_save(consultation=consultation)

    assert "nog niet verzonden" in refusal.value.message_dict["letter"][0]


def test_the_sent_letter_gives_the_advice_date_and_its_sending_is_logged(council):
    council_page(council)
    letter = adopted_letter(council)
    consultation = ConsultationFactory(
        council=council, asked_on=d("2026-01-05"), decided_on=d("2026-01-30"), letter=None
    )
    consultation.advice_due = d("2026-02-20")
    consultation_save(consultation=consultation)
    # Linking an adopted, not yet sent letter is refused; sent, it is accepted.
    chair = UserFactory(username="voorzitter2")
    letter_send(letter=letter, sent_on=d("2026-02-10"), sent_to="College", sent_by=chair)
    consultation = Consultation.objects.get(pk=consultation.pk)
    consultation.letter = letter
    consultation.advice_sent_on = d("2026-02-01")  # the letter's date wins
    consultation_save(consultation=consultation)

    consultation = Consultation.objects.get(pk=consultation.pk)
    assert consultation.advice_sent == d("2026-02-10")
    assert consultation.advice_sent_from_letter
    last = logs(consultation)[-1]
    changes = {change["field"]: change for change in last.data["changes"]}
    assert changes["letter_sent_on"]["new"] == "2026-02-10"


def test_sending_a_linked_letter_updates_the_record_and_its_trail(council, settings):
    council_page(council)
    letter = adopted_letter(council)
    consultation = ConsultationFactory(
        council=council, asked_on=d("2026-01-05"), decided_on=d("2026-01-30")
    )
    # Link while the letter is still a draft is refused, so link through the
    # database as a letter sent later would be: the trail starts at sending.
    Consultation.objects.filter(pk=consultation.pk).update(letter=letter)
    chair = UserFactory(username="voorzitter3")

    letter_send(letter=letter, sent_on=d("2026-02-10"), sent_to="College", sent_by=chair)

    entry = logs(consultation)[-1]
    assert entry.user == chair
    assert entry.data["via"] == audit.VIA_LETTER
    changes = {change["field"]: change for change in entry.data["changes"]}
    assert changes["letter_sent_on"]["old"] is None
    assert changes["letter_sent_on"]["new"] == "2026-02-10"
    assert changes["verdict"]["new"] == ConsultationVerdict.DECIDED_BEFORE_ADVICE
    assert entry.message.startswith("Door het verzenden van de adviesbrief")
    assert ConsultationVerdictEvent.objects.get(consultation=consultation).verdict == (
        ConsultationVerdict.DECIDED_BEFORE_ADVICE
    )


def test_a_new_bypassed_verdict_is_recorded_once_for_the_feed(council):
    consultation = ConsultationFactory(council=council, asked_on=d("2026-01-05"))
    assert not ConsultationVerdictEvent.objects.exists()

    consultation.decided_on = d("2026-01-02")
    consultation_save(consultation=consultation)
    consultation.subject = "Nieuwe titel"
    consultation_save(consultation=consultation)  # same verdict: no new event
    consultation.asked_on = None
    consultation_save(consultation=consultation)  # now: never asked

    events = list(ConsultationVerdictEvent.objects.newest_first())
    assert [(e.previous_verdict, e.verdict) for e in events] == [
        (ConsultationVerdict.DECIDED_BEFORE_ADVICE, ConsultationVerdict.NOT_CONSULTED),
        (ConsultationVerdict.PENDING, ConsultationVerdict.DECIDED_BEFORE_ADVICE),
    ]


def test_the_feed_shows_public_bypassed_events_newest_first(council):
    hidden = ConsultationFactory(decided_date_unknown=True)  # its council has no page
    council_page(council)
    with time_machine.travel(datetime.datetime(2026, 11, 20, 12, 0), tick=False):
        first = ConsultationFactory(council=council, decided_date_unknown=True)
    second = ConsultationFactory(council=council, decided_on=d("2026-05-01"))
    ConsultationFactory(council=council, asked_on=d("2026-01-01"), decided_on=d("2026-05-01"))

    feed = list(ConsultationVerdictEvent.objects.for_feed())

    assert [event.consultation for event in feed] == [second, first]
    assert all(event.verdict == ConsultationVerdict.NOT_CONSULTED for event in feed)
    assert hidden not in [event.consultation for event in feed]


def test_the_signal_is_sent_after_commit_with_what_changed(
    council, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    consultation_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            consultation = ConsultationFactory(council=council, asked_on=d("2026-01-05"))
        assert received == []  # nothing before the commit
        for callback in callbacks:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            consultation.subject = "Andere titel"
            consultation_save(consultation=consultation)
        with django_capture_on_commit_callbacks(execute=True):
            consultation.decided_date_unknown = False
            consultation.decided_on = d("2026-01-06")
            consultation_save(consultation=consultation)
        with django_capture_on_commit_callbacks(execute=True):
            consultation_delete(consultation=consultation)
    finally:
        consultation_changed.disconnect(listener)

    assert [(r["consultation"].pk, r["council"], r["verdict_changed"]) for r in received] == [
        (consultation.pk, council, True),
        (consultation.pk, council, False),
        (consultation.pk, council, True),
        (consultation.pk, council, True),
    ]


def test_deleting_keeps_every_value_in_the_log(council):
    consultation = ConsultationFactory(
        council=council, subject="Weg ermee", asked_on=d("2026-01-05"), internal_notes="intern"
    )
    pk = consultation.pk
    clerk = UserFactory(username="griffie")

    consultation_delete(consultation=consultation, user=clerk)

    assert not Consultation.objects.filter(pk=pk).exists()
    entry = ModelLogEntry.objects.get(object_id=str(pk), action=audit.DELETE)
    assert entry.user == clerk
    values = {item["field"]: item["value"] for item in entry.data["values"]}
    assert values["subject"] == "Weg ermee" and values["asked_on"] == "2026-01-05"
    assert entry.message.startswith("Verwijderd. Laatste gegevens:")


def test_the_year_is_that_of_the_decision_else_of_the_request(council):
    assert ConsultationFactory(council=council, asked_on=d("2025-12-01")).year == 2025
    assert (
        ConsultationFactory(
            council=council, asked_on=d("2025-12-01"), decided_on=d("2026-01-20")
        ).year
        == 2026
    )
    assert ConsultationFactory(council=council, decided_date_unknown=True).year is None


def test_asked_on_an_unknown_date_is_not_not_consulted(council):
    consultation = ConsultationFactory(
        council=council, asked_date_unknown=True, decided_on=d("2026-03-10")
    )

    assert consultation.judgement().verdict == ConsultationVerdict.PENDING
    assert consultation.asked_display() == "gevraagd, datum onbekend"


def test_an_unsaved_letter_answers_no_consultations(council):
    # Previewing a letter before its first save must not query by a missing key.
    assert LetterPage(title="Nieuw", council=council).answered_consultations() == []
