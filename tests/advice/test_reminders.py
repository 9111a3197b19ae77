"""``send_reminders``: a digest to each council's secretary, never the same reminder twice."""

import datetime
import io
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command

from advice.consultations.services import consultation_save, reminders_send
from advice.models import Consultation, ConsultationReminder
from council.models import Member
from tests.factories.advice import ConsultationFactory
from tests.factories.council import CouncilFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def d(text):
    return datetime.date.fromisoformat(text)


def on(day):
    return time_machine.travel(datetime.datetime.fromisoformat(f"{day}T07:00"), tick=False)


@pytest.fixture
def council():
    council = CouncilFactory(name="Cliëntenraad Leiden", response_weeks=6)
    MemberFactory(council=council, role=Member.Role.SECRETARY, email="secretaris@example.org")
    MemberFactory(council=council, role=Member.Role.MEMBER, email="lid@example.org")
    return council


@pytest.fixture
def due_and_overdue(council):
    with on("2026-11-01"):
        due = ConsultationFactory(
            council=council,
            reference="2026-10",
            subject="Nieuw minimabeleid",
            asked_on=d("2026-10-20"),
            advice_due=d("2026-11-30"),
        )
        overdue = ConsultationFactory(
            council=council,
            reference="2026-04",
            subject="Schuldhulp",
            advice_sent_on=d("2026-09-01"),
        )
        later = ConsultationFactory(
            council=council,
            reference="2026-11",
            subject="Later advies",
            asked_on=d("2026-10-20"),
            advice_due=d("2026-12-31"),
        )
    return due, overdue, later


def test_the_secretary_gets_one_digest_with_what_is_due(council, due_and_overdue):
    with on("2026-11-22"):
        call_command("send_reminders", stdout=io.StringIO())

    [message] = mail.outbox
    assert message.to == ["secretaris@example.org"]
    assert "Cliëntenraad Leiden" in message.subject and "2 herinnering" in message.subject
    assert "Nieuw minimabeleid (2026-10)" in message.body
    assert "uiterlijk 30 november 2026" in message.body
    assert "Schuldhulp (2026-04)" in message.body
    assert "uiterlijk 13 oktober 2026 moeten antwoorden" in message.body
    assert "Later advies" not in message.body
    assert "/beheer/snippets/advice/consultation/edit/" in message.body
    assert ConsultationReminder.objects.count() == 2


def test_running_daily_never_sends_the_same_reminder_twice(council, due_and_overdue):
    for day in ("2026-11-22", "2026-11-23", "2026-11-24"):
        with on(day):
            call_command("send_reminders", stdout=io.StringIO())

    assert len(mail.outbox) == 1

    # The advice due on 31 December comes within 14 days on 17 December: a new reminder.
    with on("2026-12-17"):
        call_command("send_reminders", stdout=io.StringIO())

    assert len(mail.outbox) == 2
    assert "Later advies" in mail.outbox[1].body
    assert "Schuldhulp" not in mail.outbox[1].body


def test_an_extended_term_gets_a_reminder_for_its_new_deadline(council, due_and_overdue):
    _due, overdue, _later = due_and_overdue
    with on("2026-11-22"):
        call_command("send_reminders", stdout=io.StringIO())
        overdue = Consultation.objects.get(pk=overdue.pk)
        overdue.response_extension_days = 40  # 13 October + 40 days: 22 November
        overdue.response_extension_reason = "college vroeg uitstel"
        consultation_save(consultation=overdue)
        call_command("send_reminders", stdout=io.StringIO())  # the last day: not overdue yet

    assert len(mail.outbox) == 1
    with on("2026-11-23"):
        call_command("send_reminders", stdout=io.StringIO())

    assert len(mail.outbox) == 2
    assert "uiterlijk 22 november 2026 moeten antwoorden" in mail.outbox[1].body
    assert sorted(
        ConsultationReminder.objects.filter(consultation=overdue).values_list("deadline", flat=True)
    ) == [d("2026-10-13"), d("2026-11-22")]


def test_a_secretary_can_be_reached_through_their_account(due_and_overdue, council):
    Member.objects.filter(council=council, role=Member.Role.SECRETARY).update(
        email="", user=UserFactory(username="sec", email="account@example.org")
    )

    with on("2026-11-22"):
        call_command("send_reminders", stdout=io.StringIO())

    assert mail.outbox[0].to == ["account@example.org"]


def test_without_a_secretary_address_nothing_is_sent_or_logged(due_and_overdue, council):
    Member.objects.filter(council=council, role=Member.Role.SECRETARY).update(email="")
    err = io.StringIO()

    with on("2026-11-22"):
        call_command("send_reminders", stdout=io.StringIO(), stderr=err)

    assert mail.outbox == []
    assert not ConsultationReminder.objects.exists()
    assert "Geen actieve secretaris met een e-mailadres" in err.getvalue()


def test_a_former_secretary_gets_nothing(due_and_overdue, council):
    Member.objects.filter(council=council, role=Member.Role.SECRETARY).update(
        active_to=d("2026-01-01")
    )

    with on("2026-11-22"):
        digests = reminders_send()

    assert mail.outbox == [] and digests[0].problem


def test_a_dry_run_sends_and_records_nothing(due_and_overdue):
    out = io.StringIO()
    with on("2026-11-22"):
        call_command("send_reminders", "--dry-run", stdout=out)

    assert "zou(den) gaan naar secretaris@example.org" in out.getvalue()
    assert mail.outbox == [] and not ConsultationReminder.objects.exists()


def test_a_failing_mail_server_records_nothing_so_the_next_run_retries(
    due_and_overdue, monkeypatch
):
    def broken_send(self, fail_silently=False):
        raise OSError("SMTP weg")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    with on("2026-11-22"), pytest.raises(CommandError, match="Cliëntenraad Leiden"):
        call_command("send_reminders", stdout=io.StringIO(), stderr=io.StringIO())
    assert not ConsultationReminder.objects.exists()

    monkeypatch.undo()
    with on("2026-11-22"):
        reminders_send()
    assert len(mail.outbox) == 1


def test_a_refused_address_keeps_no_other_council_waiting(council, due_and_overdue, monkeypatch):
    # "Cliëntenraad Elders" sorts first; its secretary's address is refused.
    other = CouncilFactory(name="Cliëntenraad Elders")
    MemberFactory(council=other, role=Member.Role.SECRETARY, email="weg@example.org")
    with on("2026-11-01"):
        ConsultationFactory(council=other, subject="Elders", advice_due=d("2026-11-25"))
    send = EmailMessage.send

    def refuse_one(self, fail_silently=False):
        if self.to == ["weg@example.org"]:
            raise smtplib.SMTPRecipientsRefused({"weg@example.org": (550, b"unknown")})
        return send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", refuse_one)
    with on("2026-11-22"):
        digests = reminders_send()

    assert [(digest.council.name, digest.sent, digest.mail_failed) for digest in digests] == [
        ("Cliëntenraad Elders", False, True),
        ("Cliëntenraad Leiden", True, False),
    ]
    assert [message.to for message in mail.outbox] == [["secretaris@example.org"]]
    assert not ConsultationReminder.objects.filter(consultation__council=other).exists()


def test_each_council_gets_its_own_digest(council, due_and_overdue):
    other = CouncilFactory(name="Cliëntenraad Elders")
    MemberFactory(council=other, role=Member.Role.SECRETARY, email="elders@example.org")
    with on("2026-11-01"):
        ConsultationFactory(council=other, subject="Elders", advice_due=d("2026-11-25"))

    with on("2026-11-22"):
        call_command("send_reminders", stdout=io.StringIO())

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["elders@example.org", "secretaris@example.org"]
    elders = next(m for m in mail.outbox if m.to == ["elders@example.org"])
    assert "Schuldhulp" not in elders.body


def test_a_response_received_or_advice_sent_stops_the_reminders(council, due_and_overdue):
    due, overdue, _later = due_and_overdue
    with on("2026-11-22"):
        due.advice_sent_on = d("2026-11-21")
        consultation_save(consultation=due)
        overdue.response_received_on = d("2026-11-20")
        consultation_save(consultation=overdue)
        call_command("send_reminders", stdout=io.StringIO())

    assert mail.outbox == []
