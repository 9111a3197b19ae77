"""The queue itself: tasks stored by the database backend, run by a real db_worker.

The rest of the suite runs tasks immediately; here the backend is
``django_tasks_db`` and the worker (the class behind ``manage.py db_worker``,
in batch mode: run what is queued, then stop) runs in a thread against the
same database, SQLite or PostgreSQL.
"""

import threading

import pytest
from django.core import mail
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from council.background import TaskResultStatus, enqueue_on_commit, task
from council.mail import OutgoingMail
from tests.committed import committed_database, ensured_test_database  # noqa: F401

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@task()
def add(a, b):
    return a + b


def run_worker():
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    errors = []

    def target():
        try:
            worker.run()
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            from django.db import connections

            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the worker did not finish"
    assert not errors, errors


@pytest.fixture
def database_backend(settings, committed_database):
    """Tasks in the database, committed, so that the worker's connection sees them."""
    settings.TASKS = DATABASE_TASKS
    return settings


def test_the_worker_runs_what_was_enqueued(database_backend):
    enqueue_on_commit(add, 2, 3)
    stored = DBTaskResult.objects.get()
    assert stored.status == TaskResultStatus.READY
    run_worker()
    stored.refresh_from_db()
    assert stored.status == TaskResultStatus.SUCCESSFUL
    assert stored.task_result.return_value == 5


def test_the_worker_delivers_queued_mail(database_backend):
    database_backend.EMAIL_BACKEND = "council.mail.QueuedEmailBackend"
    database_backend.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.send_mail("Herinnering", "Tekst", None, ["a@example.nl"])
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.QUEUED
    assert mail.outbox == []
    run_worker()
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT
    assert [message.subject for message in mail.outbox] == ["Herinnering"]
