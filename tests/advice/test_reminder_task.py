"""The daily reminders run in the worker: the cron command only enqueues, and the task's row
records what was sent, or why not."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from advice.models import ConsultationReminder
from council.background import TaskResultStatus, default_task_backend
from tests.advice.test_reminders import council, due_and_overdue, on  # noqa: F401
from tests.committed import committed_database, ensured_test_database  # noqa: F401
from tests.council.test_worker import database_backend, run_worker  # noqa: F401

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.django_db
def test_the_command_only_enqueues(due_and_overdue, settings):  # noqa: F811
    settings.TASKS = DUMMY_TASKS
    out = io.StringIO()

    with on("2026-11-22"):
        call_command("send_reminders", stdout=out)

    [result] = default_task_backend.results
    assert result.task.name == "send_reminders"
    assert "in de wachtrij gezet" in out.getvalue()
    assert mail.outbox == [] and not ConsultationReminder.objects.exists()


def test_the_worker_sends_and_its_row_says_what(database_backend, due_and_overdue):  # noqa: F811
    with on("2026-11-22"):
        call_command("send_reminders", stdout=io.StringIO())
        run_worker()

    row = DBTaskResult.objects.get(task_path__endswith="send_reminders")
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value["verzonden"] == [
        "Cliëntenraad Leiden: 2 herinnering(en) verzonden aan secretaris@example.org."
    ]
    assert ConsultationReminder.objects.count() == 2


def test_a_failed_run_is_recorded_with_the_reason(database_backend, due_and_overdue, monkeypatch):  # noqa: F811
    def broken_send(self, fail_silently=False):
        raise OSError("SMTP weg")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken_send)
    with on("2026-11-22"):
        call_command("send_reminders", stdout=io.StringIO())
        run_worker()

    row = DBTaskResult.objects.get(task_path__endswith="send_reminders")
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path.endswith("RemindersNotSent")
    assert "Mail niet verzonden voor Cliëntenraad Leiden" in row.traceback
    assert not ConsultationReminder.objects.exists()
