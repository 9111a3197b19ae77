"""The stored verdict (``Consultation.stored_verdict``) is always what ``judge`` says.

Every test ends by judging every consultation again with the one rule
(``verdicts.judge``, through ``Consultation.verdict_values``) and comparing it
with what is stored: over the demo, over many generated cases written
through ``consultation_save``, after a letter is sent, after the council's
rules change, and after days pass (the daily refresh).
"""

import datetime
import importlib
import io
import random

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from advice.consultations.services import consultation_save, verdicts_store
from advice.consultations.verdict_tasks import refresh
from advice.consultations.verdicts import ConsultationVerdict
from advice.letters.services import letter_send
from advice.models import Consultation
from council.models import Council
from tests.factories.advice import ConsultationFactory, adopted_letter, bulk_consultations
from tests.factories.council import CouncilFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 1, 12, 0)


def stale(today=None):
    """``[(pk, stored, judged)]`` of every consultation whose stored verdict ``judge`` contradicts."""
    today = today or timezone.localdate()
    found = []
    for consultation in Consultation.objects.for_judging():
        judged = consultation.verdict_values(today)
        stored = {name: getattr(consultation, name) for name in judged}
        if stored != judged:
            found.append((consultation.pk, stored, judged))
    return found


def generated(council, count, *, seed):
    """``count`` consultations of every shape, written as the admin writes them."""
    rng = random.Random(seed)  # noqa: S311 - test data
    today = timezone.localdate()
    for number in range(count):
        asked = today - datetime.timedelta(days=rng.randrange(5, 200))
        fields = {}
        shape = rng.random()
        if shape < 0.1:
            fields["decided_on"] = asked
        elif shape < 0.15:
            fields["decided_date_unknown"] = True
        elif shape < 0.2:
            fields["asked_date_unknown"] = True
            fields["decided_on"] = asked
        else:
            fields["asked_on"] = asked
            if rng.random() < 0.5:
                fields["advice_due"] = asked + datetime.timedelta(days=rng.randrange(10, 40))
            if rng.random() < 0.8:
                sent = asked + datetime.timedelta(days=rng.randrange(0, 40))
                if sent <= today:
                    fields["advice_sent_on"] = sent
                    if rng.random() < 0.3:
                        fields["response_extension_days"] = rng.randrange(1, 20)
                        fields["response_extension_reason"] = "Zomerreces"
                    received = sent + datetime.timedelta(days=rng.randrange(1, 90))
                    if rng.random() < 0.5 and received <= today:
                        fields["response_received_on"] = received
            if rng.random() < 0.7:
                decided = asked + datetime.timedelta(days=rng.randrange(-10, 90))
                if decided <= today:
                    fields["decided_on"] = decided
        ConsultationFactory(council=council, reference=f"G-{seed}-{number:03d}", **fields)


@pytest.fixture
def councils():
    with time_machine.travel(START, tick=False):
        yield (
            CouncilFactory(slug="kalender", notice_weeks=6, response_weeks=6),
            CouncilFactory(slug="werk", notice_weeks=4, response_weeks=4, day_count="working"),
        )


def test_the_demo_stores_what_judge_says(demo):
    assert Consultation.objects.exists()
    assert stale() == []


def test_generated_cases_store_what_judge_says_and_the_daily_refresh_keeps_it_so(councils):
    calendar, working = councils
    with time_machine.travel(START, tick=False):
        generated(calendar, 60, seed=1)
        generated(working, 60, seed=2)
        assert stale() == []
        due = Consultation.objects.filter(verdict_recheck_on__isnull=False)
        assert due.exists(), "no case waits for a response: the generator lost its point"
        first = due.order_by("verdict_recheck_on").first()

    # The day the first response term has run out: its verdict changes by time alone.
    with time_machine.travel(
        datetime.datetime.combine(first.verdict_recheck_on, datetime.time(12)), tick=False
    ):
        flipped = stale()
        assert first.pk in [pk for pk, _stored, _judged in flipped]
        # Only consultations the index marks as due can have gone stale.
        assert {pk for pk, _s, _j in flipped} <= set(
            Consultation.objects.verdict_due(timezone.localdate()).values_list("pk", flat=True)
        )
        out = io.StringIO()
        call_command("refresh_verdicts", stdout=out)  # the task, run at once in the tests
        assert "gewijzigd" in out.getvalue()
        assert stale() == []
        first.refresh_from_db()
        assert first.verdict_recheck_on is None

    # A year later every term has run out; one refresh catches up with all of them.
    with time_machine.travel(START + datetime.timedelta(days=400), tick=False):
        assert stale() != []
        result = refresh()
        assert result["gewijzigd"] >= 1
        assert stale() == []
        assert not Consultation.objects.verdict_due(timezone.localdate()).exists()
        assert Consultation.objects.filter(
            stored_verdict=ConsultationVerdict.RESPONSE_OVERDUE
        ).exists()


def test_sending_the_linked_letter_stores_the_new_verdict(councils):
    calendar, _working = councils
    with time_machine.travel(START, tick=False):
        letter = adopted_letter(calendar, year=2026)
        consultation = ConsultationFactory(
            council=calendar,
            asked_on=datetime.date(2026, 3, 1),
            decided_on=datetime.date(2026, 3, 20),
        )
        # A draft cannot be linked: link through the database, as a letter sent later would be.
        Consultation.objects.filter(pk=consultation.pk).update(letter=letter)
        assert consultation.stored_verdict == ConsultationVerdict.CONSULTED_LATE
        assert consultation.verdict_advice_sent is None

        letter_send(letter=letter, sent_on=datetime.date(2026, 3, 25), sent_to="College")

        consultation.refresh_from_db()
        assert consultation.verdict_advice_sent == datetime.date(2026, 3, 25)
        assert consultation.stored_verdict == ConsultationVerdict.DECIDED_BEFORE_ADVICE
        assert stale() == []


def test_a_rules_change_stores_the_councils_verdicts_again(councils):
    calendar, _working = councils
    with time_machine.travel(START, tick=False):
        in_time = ConsultationFactory(
            council=calendar,
            asked_on=datetime.date(2026, 1, 1),
            decided_on=datetime.date(2026, 3, 1),
        )
        waiting = ConsultationFactory(
            council=calendar,
            asked_on=datetime.date(2026, 5, 1),
            advice_sent_on=datetime.date(2026, 5, 20),
        )
        assert in_time.stored_verdict == ConsultationVerdict.CONSULTED_IN_TIME
        before = waiting.verdict_recheck_on
        assert before == datetime.date(2026, 7, 2)  # 20 May + 6 weeks, the day after

        council = Council.objects.get(pk=calendar.pk)
        council.notice_weeks = 52
        council.response_weeks = 8  # moves the due date; the verdict stays "pending"
        council.save()

        in_time.refresh_from_db()
        waiting.refresh_from_db()
        assert in_time.stored_verdict == ConsultationVerdict.CONSULTED_LATE
        assert waiting.stored_verdict == ConsultationVerdict.PENDING
        assert waiting.verdict_recheck_on == datetime.date(2026, 7, 16)
        assert stale() == []


def test_an_edit_stores_the_new_verdict(councils):
    calendar, _working = councils
    with time_machine.travel(START, tick=False):
        consultation = ConsultationFactory(council=calendar, asked_on=datetime.date(2026, 1, 1))
        assert consultation.stored_verdict == ConsultationVerdict.PENDING

        consultation.decided_on = datetime.date(2026, 1, 5)
        consultation_save(consultation=consultation)

        assert Consultation.objects.get(pk=consultation.pk).stored_verdict == (
            ConsultationVerdict.CONSULTED_LATE
        )
        assert stale() == []


def test_verdicts_store_and_the_migration_fill_rows_that_were_written_without_one(councils):
    calendar, working = councils
    with time_machine.travel(START, tick=False):
        bulk_consultations(calendar, 30)
        bulk_consultations(working, 30)
        assert stale() == []  # the bulk factory stores them as a save would
        Consultation.objects.update(
            stored_verdict=ConsultationVerdict.PENDING,
            verdict_recheck_on=None,
            verdict_advice_sent=None,
        )
        assert stale() != []
        migration = importlib.import_module("advice.migrations.0021_consultation_stored_verdict")
        migration.store_verdicts(apps, None)
        assert stale() == []

        Consultation.objects.update(stored_verdict=ConsultationVerdict.PENDING)
        assert verdicts_store(consultations=Consultation.objects.all(), batch_size=7) > 0
        assert stale() == []
