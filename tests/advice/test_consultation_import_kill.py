"""A worker killed (``kill -9``) in the middle of an import's write leaves nothing written; the
task, made runnable again, completes on a new worker with every row.

A real ``manage.py db_worker`` process works on the test's database: on
PostgreSQL the test database itself; on SQLite (in memory in the suite) a copy
in a file that the test switches its own connection to.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from advice.consultations.tasks import ConsultationImport, start_apply, start_check
from advice.models import Consultation
from council import groups
from council.background import TaskResultStatus
from council.models import Member
from tests.advice.test_import_consultations import HEADER, csv_bytes
from tests.committed import _django_db_helper, reachable_from_other_processes  # noqa: F401
from tests.factories.council import (
    CouncilFactory,
    MemberFactory,
    MunicipalBodyFactory,
    MunicipalityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
ROWS = 200
BIG = csv_bytes(
    HEADER,
    *(
        f"2027-{number:04d};leiden;Onderwerp {number};college;05-01-2026;;;"
        for number in range(1, ROWS + 1)
    ),
)


@pytest.fixture
def worker_database(settings, tmp_path):
    """The ``DATABASE_URL`` a worker process reaches the test's database by."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    with reachable_from_other_processes(tmp_path) as url:
        yield url


def start_worker(database_url, worker_id, *, batch=False):
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"]
    command += ["--worker-id", worker_id, *(["--batch"] if batch else [])]
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
    }
    return subprocess.Popen(  # noqa: S603  (our own manage.py, with a fixed argument list)
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def wait_for(predicate, what, worker, seconds=120):
    deadline = time.monotonic() + seconds
    while not predicate():
        if worker.poll() is not None:
            pytest.fail(
                f"the worker stopped before {what}: {worker.stdout.read().decode()[-3000:]}"
            )
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}"
        time.sleep(0.05)


def writing(database_url):
    """Whether a write transaction is open on the worker's side (one with changes in it)."""
    if database_url.startswith("sqlite:///"):  # the rollback journal exists while it is open
        return Path(database_url.removeprefix("sqlite:///") + "-journal").exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def fresh(job):
    return ConsultationImport.objects.defer("data", "report").get(pk=job.pk)


def test_a_killed_worker_writes_nothing_and_the_task_completes_again(worker_database):
    from django_tasks_db.models import DBTaskResult

    municipality = MunicipalityFactory(name="Leiden", slug="leiden")
    council = CouncilFactory(name="Cliëntenraad Leiden", slug="leiden", municipality=municipality)
    MunicipalBodyFactory(municipality=municipality, name="College van B&W", slug="college")
    clerk = UserFactory(username="secretaris", groups=[groups.CLERKS])
    MemberFactory(council=council, user=clerk, role=Member.Role.OFFICIAL_SUPPORT)
    job = start_check(data=BIG, filename="groot.csv", council=council, user=clerk)

    worker = start_worker(worker_database, "eerste")
    try:
        wait_for(lambda: fresh(job).status == "done", "the check", worker)
        assert fresh(job).plan and not Consultation.objects.exists()
        start_apply(ConsultationImport.objects.get(pk=job.pk))
        wait_for(
            lambda: fresh(job).phase == "write" and writing(worker_database),
            "the write transaction",
            worker,
        )
        running = fresh(job)
        assert (running.stage, running.status) == ("apply", "running")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker.stdout.close()

    # All or nothing: the transaction died with the worker.
    assert not Consultation.objects.exists()
    stuck = fresh(job)
    assert (stuck.status, stuck.applied) == ("running", False)
    task_result = DBTaskResult.objects.get(task_path__endswith="apply_import")
    assert task_result.status == TaskResultStatus.RUNNING
    assert task_result.worker_ids == ["eerste"]

    # django-tasks-db has no command for a task whose worker died: it stays "running" until
    # set back to "ready", and the next worker claims it (and adds its id to worker_ids).
    DBTaskResult.objects.filter(pk=task_result.pk, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.READY
    )
    second = start_worker(worker_database, "tweede", batch=True)
    try:
        output = second.communicate(timeout=300)[0].decode()
    finally:
        if second.poll() is None:
            second.kill()
            second.wait()
    assert second.returncode == 0, output[-3000:]

    done = ConsultationImport.objects.get(pk=job.pk)
    assert (done.status, done.applied, done.done, done.total) == ("done", True, ROWS, ROWS)
    assert Consultation.objects.count() == ROWS
    assert set(Consultation.objects.values_list("reference", flat=True)) == {
        f"2027-{number:04d}" for number in range(1, ROWS + 1)
    }
    task_result.refresh_from_db()
    assert task_result.status == TaskResultStatus.SUCCESSFUL
    assert task_result.worker_ids == ["eerste", "tweede"]
