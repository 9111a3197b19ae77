"""Two clerks of one council edit the same consultation: no lost update, the audit log names the right one.

Each clerk is a test client of their own, logged in as themselves; each
opens the real edit form and posts back what it holds, as a browser does.
"""

import datetime
import threading
import time

import pytest
import time_machine
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse
from wagtail.models import ModelLogEntry

from advice.consultations import admin as consultation_admin
from advice.consultations import audit
from advice.models import Consultation
from tests.admin_forms import clerk_client, opened
from tests.committed import committed_database, ensured_test_database  # noqa: F401  (fixtures)
from tests.factories.advice import ConsultationFactory
from tests.factories.council import CouncilFactory

STALE = "Iemand anders heeft deze raadpleging gewijzigd terwijl u het formulier open had"
ASKED_ON = "Cliëntenraad gevraagd op"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def edit_url(consultation):
    return reverse("wagtailsnippets_advice_consultation:edit", args=[consultation.pk])


def changes_by(consultation):
    """``[(username, [changed field, ...]), ...]`` of the audit log's change entries, oldest first."""
    entries = ModelLogEntry.objects.for_instance(consultation).filter(action=audit.CHANGE)
    return [
        (entry.user.username, [change["field"] for change in entry.data["changes"]])
        for entry in entries.order_by("pk")
    ]


@pytest.mark.django_db
def test_the_second_save_from_a_stale_form_is_refused_and_nothing_is_lost():
    council = CouncilFactory()
    anna, first = clerk_client("anna", council)
    bram, second = clerk_client("bram", council)
    consultation = ConsultationFactory(
        council=council, reference="2026-07", asked_on=datetime.date(2026, 1, 5)
    )
    edit = edit_url(consultation)
    anna_form, bram_form = opened(first, edit), opened(second, edit)
    assert Consultation.objects.get().version == 1

    anna_form["asked_on"] = "12-01-2026"
    assert first.post(edit, anna_form).status_code == 302

    bram_form["summary"] = "Toelichting van Bram"
    response = second.post(edit, bram_form)

    assert response.status_code == 200
    stored = Consultation.objects.get()
    assert stored.asked_on == datetime.date(2026, 1, 12)
    assert stored.summary == ""
    assert stored.version == 2
    [error] = response.context["form"].non_field_errors()
    assert error.startswith(f"{STALE}: {ASKED_ON}. Er is niets opgeslagen.")
    page = response.content.decode()
    assert "Deze raadpleging is niet opgeslagen." in page
    assert f"{STALE}: {ASKED_ON}." in page
    # Bram's input is kept in the form, the date he never touched included.
    assert response.context["form"]["summary"].value() == "Toelichting van Bram"
    assert "Toelichting van Bram" in page
    assert changes_by(consultation) == [("anna", ["asked_on"])]

    # Bram opens the form again: it shows Anna's date, and his save goes through.
    bram_form = opened(second, edit)
    assert bram_form["asked_on"] == "2026-01-12"
    bram_form["summary"] = "Toelichting van Bram"
    assert second.post(edit, bram_form).status_code == 302

    stored = Consultation.objects.get()
    assert (stored.asked_on, stored.summary) == (datetime.date(2026, 1, 12), "Toelichting van Bram")
    assert stored.version == 3
    assert changes_by(consultation) == [("anna", ["asked_on"]), ("bram", ["summary"])]
    assert anna.pk != bram.pk


@pytest.mark.django_db
def test_posting_the_same_form_twice_is_refused_the_second_time():
    council = CouncilFactory()
    _anna, first = clerk_client("anna", council)
    consultation = ConsultationFactory(council=council)
    edit = edit_url(consultation)
    form = opened(first, edit)

    form["source"] = "Brief van 3 maart"
    assert first.post(edit, form).status_code == 302
    # The same (now stale) form, posted again: the row has version 2, the form 1.
    form["source"] = "Brief van 4 maart"
    response = first.post(edit, form)

    assert response.status_code == 200
    assert Consultation.objects.get().source == "Brief van 3 maart"
    [error] = response.context["form"].non_field_errors()
    assert "Bron" in error


# --- Two saves at the same moment, on PostgreSQL ------------------------------------------------


@pytest.mark.skipif(
    connections[DEFAULT_DB_ALIAS].vendor != "postgresql",
    reason="row locks are PostgreSQL's; the in-memory SQLite test database refuses a second "
    "writer outright ('database table is locked'). CI runs this in its PostgreSQL step.",
)
def test_two_saves_of_the_same_copy_at_once_cannot_both_pass(committed_database, monkeypatch):
    """Two requests in two threads on PostgreSQL (``DATABASE_URL``), as in CI's third step."""
    council = CouncilFactory()
    _anna, first = clerk_client("anna", council)
    _bram, second = clerk_client("bram", council)
    consultation = ConsultationFactory(council=council)
    edit = edit_url(consultation)
    anna_form, bram_form = opened(first, edit), opened(second, edit)
    anna_form["source"] = "Anna"
    bram_form["internal_notes"] = "Bram"

    # Each save lingers after its check: without the row lock both checks
    # would pass in that time, and both writes would land.
    save = consultation_admin.consultation_save

    def slow_save(**kwargs):
        time.sleep(0.5)
        return save(**kwargs)

    monkeypatch.setattr(consultation_admin, "consultation_save", slow_save)
    start = threading.Barrier(2)
    statuses = {}

    def post(name, client, data):
        try:
            start.wait(timeout=10)
            statuses[name] = client.post(edit, data).status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=post, args=("anna", first, anna_form)),
        threading.Thread(target=post, args=("bram", second, bram_form)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses.values()) == [200, 302], statuses
    stored = Consultation.objects.get()
    assert stored.version == 2
    winner = "anna" if statuses["anna"] == 302 else "bram"
    assert (stored.source, stored.internal_notes) == (
        ("Anna", "") if winner == "anna" else ("", "Bram")
    )
    assert [user for user, _fields in changes_by(consultation)] == [winner]
