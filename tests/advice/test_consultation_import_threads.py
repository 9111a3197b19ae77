"""Two imports confirmed at the same moment: one wins, the other is refused, nothing is lost.

Both files change the same records and create the same kenmerk, and both were
checked against the same records. Their apply tasks run in two threads, each
on its own database connection, on committed data (``tests/committed.py``).

On PostgreSQL the test holds a lock on the first record until both threads
are waiting for it (``pg_locks``), then lets go: the two applies really race
for the rows. SQLite has one writer at a time and no row locks, so there the
threads run one after the other: the deterministic interleaving of the same
two imports.
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from advice.consultations.services import consultation_import
from advice.consultations.tasks import ConsultationImport, apply_import, start_check
from advice.models import Consultation
from council import groups
from council.models import Member
from tests.advice.test_consultation_import_conflicts import CHANGE_A, CHANGE_B
from tests.advice.test_import_consultations import GOOD
from tests.committed import _django_db_helper  # noqa: F401
from tests.factories.council import (
    CouncilFactory,
    MemberFactory,
    MunicipalBodyFactory,
    MunicipalityFactory,
    UserFactory,
)

WINNERS = {
    "a.csv": {"Minimabeleid (A)", "Selectiemodel (A)", "Nieuw van A"},
    "b.csv": {"Minimabeleid (B)", "Selectiemodel (B)", "Nieuw van B"},
}


def apply_in_thread(job, backend_pids, errors):
    def target():
        try:
            connection.ensure_connection()
            backend_pids.append(
                connection.connection.info.backend_pid if connection.vendor == "postgresql" else 0
            )
            apply_import.call(job.pk)
        except BaseException as error:  # noqa: BLE001  (reported by the test)
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def waiting_for_a_lock(backend_pids):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND pid = ANY(%s)",
            [list(backend_pids)],
        )
        return cursor.fetchone()[0]


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_checked_imports():
    municipality = MunicipalityFactory(name="Leiden", slug="leiden")
    council = CouncilFactory(name="Cliëntenraad Leiden", slug="leiden", municipality=municipality)
    MunicipalBodyFactory(municipality=municipality, name="College van B&W", slug="college")
    clerk = UserFactory(username="secretaris", groups=[groups.CLERKS])
    MemberFactory(council=council, user=clerk, role=Member.Role.OFFICIAL_SUPPORT)
    assert consultation_import(data=GOOD, apply=True).applied
    jobs = [
        start_check(data=data, filename=name, council=council, user=clerk)
        for name, data in (("a.csv", CHANGE_A), ("b.csv", CHANGE_B))
    ]
    for job in jobs:  # the immediate backend ran the check; now both are confirmed
        job.refresh_from_db()
        assert (job.stage, job.status, job.report["to_write"]) == ("check", "done", 3)
    ConsultationImport.objects.update(stage="apply", status="queued")
    return jobs


def test_two_imports_at_once_one_wins_and_nothing_is_lost(two_checked_imports):
    backend_pids, errors = [], []
    if connection.vendor == "postgresql":
        with transaction.atomic():
            Consultation.objects.select_for_update().get(reference="2026-01")
            threads = [apply_in_thread(job, backend_pids, errors) for job in two_checked_imports]
            deadline = time.monotonic() + 30
            while len(backend_pids) < 2 or waiting_for_a_lock(backend_pids) < 2:
                assert time.monotonic() < deadline, "the two applies never waited for the lock"
                time.sleep(0.05)
        # Committed: the lock is free, and both race for it.
    else:
        threads = []
        for job in two_checked_imports:
            threads.append(apply_in_thread(job, backend_pids, errors))
            threads[-1].join(timeout=60)
    for thread in threads:
        thread.join(timeout=60)
        assert not thread.is_alive()
    assert not errors, errors

    jobs = {job.filename: job for job in ConsultationImport.objects.all()}
    [winner] = [name for name, job in jobs.items() if job.status == "done"]
    [loser] = [name for name, job in jobs.items() if job.status == "failed"]
    assert jobs[winner].applied and not jobs[loser].applied
    message = jobs[loser].report["message"]
    assert "Er is niets ingelezen: het bestand klopt niet meer met de gegevens" in message
    assert "regel 2, 3, 4" in message
    assert sorted(row["line"] for row in jobs[loser].report["rows"] if row["errors"]) == [2, 3, 4]

    subjects = dict(Consultation.objects.values_list("reference", "subject"))
    assert subjects == {
        **{"2026-03": "Schuldhulp"},
        **dict(zip(["2026-01", "2026-02", "2026-04"], sorted_as_in_file(winner), strict=True)),
    }
    # The loser overwrote nothing and left no trace: one creation and one change per record.
    assert not set(subjects.values()) & WINNERS[loser]
    assert jobs[winner].report["summary"].startswith("1 nieuw, 2 gewijzigd")


def sorted_as_in_file(name):
    letter = name[0].upper()
    return [f"Minimabeleid ({letter})", f"Selectiemodel ({letter})", f"Nieuw van {letter}"]
