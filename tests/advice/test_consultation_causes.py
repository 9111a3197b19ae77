"""Changes elsewhere that alter a consultation appear in its own history: cause, person, old → new.

Through the real admin views (the council's, the meeting's, the agenda item's
edit and delete), the command line and ``recheck_verdicts``.
"""

import datetime
import io

import lxml.html
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from advice.consultations import audit
from advice.consultations.services import consultation_save
from advice.consultations.verdicts import ConsultationVerdict
from advice.models import Consultation
from council import dates
from council.change_log import CHANGE as COUNCIL_CHANGE
from council.models import Council
from tests.factories.advice import ConsultationFactory
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def council():
    return CouncilFactory(notice_weeks=6)


@pytest.fixture
def consultation(council):
    # Asked 9 weeks before the decision: in time under 6 weeks' notice, late under 52.
    return ConsultationFactory(
        council=council,
        reference="2026-01",
        subject="Minimabeleid",
        asked_on=datetime.date(2026, 1, 5),
        decided_on=datetime.date(2026, 3, 9),
    )


def history(consultation):
    return list(
        ModelLogEntry.objects.filter(
            content_type__model="consultation", object_id=str(consultation.pk)
        ).order_by("timestamp", "pk")
    )


def edit_form(client, url, **changes):
    """The edit form's own values as the browser would send them, with ``changes``."""
    tree = lxml.html.fromstring(client.get(url).content.decode())
    [form] = [form for form in tree.forms if form.action == url]
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    data.update({name: [value] for name, value in changes.items()})
    return data


def snippet_url(model, view, pk):
    return reverse(f"wagtailsnippets_{model}:{view}", args=[pk])


def test_a_rules_change_that_flips_a_verdict_is_in_the_consultations_history(
    client_for, admin_user, council, consultation
):
    assert consultation.judgement().verdict == ConsultationVerdict.CONSULTED_IN_TIME
    client = client_for(admin_user)
    url = snippet_url("council_council", "edit", council.pk)

    response = client.post(url, edit_form(client, url, notice_weeks="52"))

    assert response.status_code == 302
    council.refresh_from_db()
    assert council.notice_weeks == 52
    entry = history(consultation)[-1]
    assert entry.action == audit.CHANGE
    assert entry.user == admin_user
    assert entry.data["via"] == audit.VIA_RULES
    assert "weken voor een besluit: 6 → 52" in entry.data["source"]
    [change] = entry.data["changes"]
    assert (change["field"], change["old"], change["new"]) == (
        audit.VERDICT,
        ConsultationVerdict.CONSULTED_IN_TIME,
        ConsultationVerdict.CONSULTED_LATE,
    )
    assert entry.data["verdict"]["raw"] == ConsultationVerdict.CONSULTED_LATE
    # The council's own entry names the changed field.
    council_entry = ModelLogEntry.objects.filter(
        content_type__model="council", object_id=str(council.pk)
    ).latest("pk")
    assert council_entry.action == COUNCIL_CHANGE
    assert [(c["field"], c["old"], c["new"]) for c in council_entry.data["changes"]] == [
        ("notice_weeks", "6", "52")
    ]
    # The consultation's history in the admin says it, with the person.
    html = client.get(
        snippet_url("advice_consultation", "history", consultation.pk)
    ).content.decode()
    assert "Door een wijziging van de termijnen van de cliëntenraad" in html
    assert "Oordeel: op tijd gevraagd → te laat gevraagd." in html
    assert admin_user.get_username() in html or admin_user.get_full_name() in html


def test_a_council_change_that_alters_no_verdict_leaves_no_entry_on_the_consultation(
    client_for, admin_user, council, consultation
):
    client = client_for(admin_user)
    url = snippet_url("council_council", "edit", council.pk)
    before = len(history(consultation))

    client.post(url, edit_form(client, url, notice_weeks="7", name="Andere naam"))

    assert Council.objects.get(pk=council.pk).notice_weeks == 7
    assert len(history(consultation)) == before


def test_moving_a_meeting_leaves_a_trace_on_the_consultation(client_for, admin_user, council):
    meeting = MeetingFactory(council=council, date=datetime.date(2026, 3, 10), title="Raad")
    item = AgendaItemFactory(meeting=meeting, number="6", title="Minimabeleid")
    consultation = ConsultationFactory(council=council, reference="A", agenda_item=item)
    client = client_for(admin_user)
    url = snippet_url("agenda_meeting", "edit", meeting.pk)

    response = client.post(url, edit_form(client, url, date="17-03-2026"))

    assert response.status_code == 302
    entry = history(consultation)[-1]
    assert (entry.action, entry.user, entry.data["via"]) == (
        audit.CHANGE,
        admin_user,
        audit.VIA_MEETING,
    )
    assert entry.data["source"] == "Raad: 10 maart 2026 → 17 maart 2026"
    assert [(c["field"], c["old"], c["new"]) for c in entry.data["changes"]] == [
        (audit.MEETING_DATE, "2026-03-10", "2026-03-17")
    ]
    assert entry.data["verdict"]["raw"] == consultation.judgement().verdict


def test_deleting_an_agenda_item_leaves_a_trace_on_the_consultation(
    client_for, admin_user, council
):
    meeting = MeetingFactory(council=council, date=datetime.date(2026, 3, 10), title="Raad")
    item = AgendaItemFactory(meeting=meeting, number="6", title="Minimabeleid")
    consultation = ConsultationFactory(council=council, reference="A", agenda_item=item)

    response = client_for(admin_user).post(snippet_url("agenda_agendaitem", "delete", item.pk))

    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.agenda_item is None
    entry = history(consultation)[-1]
    assert (entry.user, entry.data["via"]) == (admin_user, audit.VIA_ITEM_DELETED)
    assert "Raad, 10 maart 2026" in entry.data["source"]
    fields = {c["field"]: (c["old"], c["new"]) for c in entry.data["changes"]}
    assert fields["agenda_item"] == (item.pk, None)
    assert fields[audit.MEETING_DATE] == ("2026-03-10", None)
    html = (
        client_for(admin_user)
        .get(snippet_url("advice_consultation", "history", consultation.pk))
        .content.decode()
    )
    assert "Door het verwijderen van het agendapunt" in html


def test_deleting_a_meeting_leaves_a_trace_on_the_consultations_of_its_items(council):
    meeting = MeetingFactory(council=council, date=datetime.date(2026, 3, 10))
    item = AgendaItemFactory(meeting=meeting)
    consultation = ConsultationFactory(council=council, reference="A", agenda_item=item)

    meeting.delete()

    entry = history(consultation)[-1]
    assert entry.data["via"] == audit.VIA_ITEM_DELETED


def test_moving_an_agenda_item_to_another_meeting_leaves_a_trace(council):
    first = MeetingFactory(council=council, date=datetime.date(2026, 3, 10))
    second = MeetingFactory(council=council, date=datetime.date(2026, 4, 14))
    item = AgendaItemFactory(meeting=first)
    consultation = ConsultationFactory(council=council, reference="A", agenda_item=item)

    item.meeting = second
    item.save()

    entry = history(consultation)[-1]
    assert entry.data["via"] == audit.VIA_ITEM_MOVED
    assert [c["field"] for c in entry.data["changes"]] == [audit.MEETING_DATE]


def test_every_log_entry_carries_the_verdict_next_to_the_dates(council, consultation, admin_user):
    [created] = history(consultation)
    assert created.data["verdict"]["raw"] == ConsultationVerdict.CONSULTED_IN_TIME

    consultation.summary = "Toelichting"
    consultation_save(consultation=consultation, user=admin_user)

    changed = history(consultation)[-1]
    assert [c["field"] for c in changed.data["changes"]] == ["summary"]
    assert changed.data["verdict"] == {
        "raw": ConsultationVerdict.CONSULTED_IN_TIME,
        "display": "op tijd gevraagd",
        "holidays": audit.holidays_version(),
    }
    assert "Oordeel (ongewijzigd): op tijd gevraagd." in changed.message


# --- A new holiday table: recheck_verdicts -----------------------------------------------------


@pytest.fixture
def working_days_consultation(monkeypatch):
    council = CouncilFactory(notice_weeks=6, day_count=Council.DayCount.WORKING)
    asked = datetime.date(2026, 1, 5)
    decided = dates.add_working_days(asked, 30)  # exactly the notice: in time
    monkeypatch.setattr(audit, "holidays_version", lambda: "0.1")
    consultation = ConsultationFactory(
        council=council, reference="W", asked_on=asked, decided_on=decided
    )
    monkeypatch.undo()
    return consultation


def test_a_new_holiday_table_that_flips_a_verdict_is_recorded_by_recheck_verdicts(
    working_days_consultation, admin_user, monkeypatch
):
    consultation = working_days_consultation
    real = dates._weekday_holidays

    def with_a_new_holiday(year):
        extra = (datetime.date(2026, 1, 14),) if year == 2026 else ()
        return tuple(sorted({*real(year), *extra}))

    monkeypatch.setattr(dates, "_weekday_holidays", with_a_new_holiday)
    out = io.StringIO()

    call_command("recheck_verdicts", "--gebruiker", admin_user.username, stdout=out)

    entry = history(consultation)[-1]
    assert (entry.user, entry.data["via"]) == (admin_user, audit.VIA_HOLIDAYS)
    assert entry.data["source"] == f"holidays 0.1 → {audit.holidays_version()}"
    assert [(c["field"], c["old"], c["new"]) for c in entry.data["changes"]] == [
        (audit.VERDICT, ConsultationVerdict.CONSULTED_IN_TIME, ConsultationVerdict.CONSULTED_LATE)
    ]
    assert "op tijd gevraagd → te laat gevraagd" in out.getvalue()

    # Recorded with the new table: a second run finds nothing to do.
    call_command("recheck_verdicts", "--gebruiker", admin_user.username, stdout=io.StringIO())
    assert history(consultation)[-1].pk == entry.pk


def test_recheck_verdicts_without_a_new_table_changes_nothing(
    working_days_consultation, admin_user
):
    call_command("recheck_verdicts", "--gebruiker", admin_user.username, stdout=io.StringIO())

    assert len(history(working_days_consultation)) == 1
    assert Consultation.objects.count() == 1


def test_recheck_verdicts_names_its_user():
    with pytest.raises(CommandError):
        call_command("recheck_verdicts", stdout=io.StringIO(), stderr=io.StringIO())
