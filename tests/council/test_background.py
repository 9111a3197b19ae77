"""The task framework: enqueued on commit, never after a rollback; e-mail through a task,
retried a bounded number of times and then reported."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse

from council.background import MAX_ATTEMPTS, enqueue_on_commit, task
from council.mail import OutgoingMail
from council.models import OutgoingMail as ExportedOutgoingMail

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@task()
def probe(value):
    return value


@pytest.fixture
def dummy_backend(settings):
    settings.TASKS = DUMMY
    from council.background import default_task_backend

    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_enqueued_when_the_transaction_commits(dummy_backend):
    with transaction.atomic():
        enqueue_on_commit(probe, 1)
        assert dummy_backend.results == []
    assert [result.args for result in dummy_backend.results] == [[1]]


def test_a_rolled_back_transaction_enqueues_nothing(dummy_backend):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(probe, 1)
        raise RuntimeError("rollback")
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_on_commit(probe, 2)
            raise RuntimeError("inner rollback")
        enqueue_on_commit(probe, 3)
    assert [result.args for result in dummy_backend.results] == [[3]]


class RefusingSMTP(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"a@example.nl": (550, b"mailbox unavailable")})


@pytest.fixture
def queued_mail(settings):
    settings.EMAIL_BACKEND = "council.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def test_mail_is_stored_and_delivered_by_a_task(queued_mail, dummy_backend):
    with transaction.atomic():
        mail.send_mail("Herinnering", "Tekst", None, ["a@example.nl"])
    stored = OutgoingMail.objects.get()
    assert stored.status == OutgoingMail.Status.QUEUED
    assert mail.outbox == []  # the request sent nothing
    (result,) = dummy_backend.results
    assert result.task.name == "deliver_mail"
    assert result.args == [stored.pk]
    assert ExportedOutgoingMail is OutgoingMail


def test_mail_delivered_with_html_alternative(queued_mail):
    message = mail.EmailMultiAlternatives("Onderwerp é", "Tekst", None, ["a@example.nl"])
    message.attach_alternative("<p>Tekst</p>", "text/html")
    message.attach("bijlage.txt", "inhoud", "text/plain")
    message.send()
    stored = OutgoingMail.objects.get()
    assert stored.status == OutgoingMail.Status.SENT
    assert stored.attempts == 1
    (sent,) = mail.outbox
    assert sent.subject == "Onderwerp é"
    assert sent.alternatives[0][0] == "<p>Tekst</p>"
    assert sent.attachments[0][1] == "inhoud"  # text attachments come back as text


def test_failed_smtp_send_is_retried_then_reported(queued_mail, client_for, admin_user):
    queued_mail.EMAIL_DELIVERY_BACKEND = "tests.council.test_background.RefusingSMTP"
    mail.send_mail("Herinnering", "Tekst", None, ["a@example.nl"])
    stored = OutgoingMail.objects.get()
    assert stored.attempts == MAX_ATTEMPTS
    assert stored.status == OutgoingMail.Status.FAILED
    assert "SMTPRecipientsRefused" in stored.last_error
    assert "mailbox unavailable" in stored.last_error
    response = client_for(admin_user).get(reverse("wagtailsnippets_council_outgoingmail:list"))
    assert response.status_code == 200
    assert "mislukt" in response.content.decode()
    assert "mailbox unavailable" in response.content.decode()


def test_a_retry_that_succeeds_sends_once(queued_mail, monkeypatch):
    calls = []

    class FlakySMTP(BaseEmailBackend):
        def send_messages(self, messages):
            calls.append(1)
            if len(calls) == 1:
                raise smtplib.SMTPServerDisconnected("weg")
            return len(messages)

    monkeypatch.setattr("tests.council.test_background.RefusingSMTP", FlakySMTP)
    queued_mail.EMAIL_DELIVERY_BACKEND = "tests.council.test_background.RefusingSMTP"
    mail.send_mail("Herinnering", "Tekst", None, ["a@example.nl"])
    stored = OutgoingMail.objects.get()
    assert stored.status == OutgoingMail.Status.SENT
    assert stored.attempts == 2
    assert "SMTPServerDisconnected" in stored.last_error


def test_the_mail_queue_is_read_only_in_the_admin_even_for_administrators(
    queued_mail, client_for, admin_user
):
    queued_mail.EMAIL_DELIVERY_BACKEND = "tests.council.test_background.RefusingSMTP"
    mail.send_mail("Herinnering", "Tekst", None, ["a@example.nl"])
    stored = OutgoingMail.objects.get()
    client = client_for(admin_user)
    edit = reverse("wagtailsnippets_council_outgoingmail:edit", args=[stored.pk])
    delete = reverse("wagtailsnippets_council_outgoingmail:delete", args=[stored.pk])
    add = reverse("wagtailsnippets_council_outgoingmail:add")
    assert client.get(edit).status_code in (302, 403)
    response = client.post(
        edit, {"subject": "Vervalst", "status": "sent", "recipients": "x@example.nl"}
    )
    assert response.status_code in (302, 403)
    assert client.post(delete).status_code in (302, 403)
    assert client.post(add, {"subject": "Nieuw", "recipients": "x@example.nl"}).status_code in (
        302,
        403,
    )
    after = OutgoingMail.objects.get()
    assert (after.subject, after.status) == ("Herinnering", OutgoingMail.Status.FAILED)
    inspect = reverse("wagtailsnippets_council_outgoingmail:inspect", args=[stored.pk])
    assert client.get(inspect).status_code == 200
    listing = client.get(reverse("wagtailsnippets_council_outgoingmail:list")).content.decode()
    assert edit not in listing
