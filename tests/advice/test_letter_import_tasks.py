"""``import_letters`` as tasks: one task per file, each all or nothing, failures named per file,
and over-deep nesting refused without a RecursionError (issue 14)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advice.letters.import_jobs import LetterImport, LetterImportFile
from advice.letters.import_tasks import import_letter_file
from advice.models import LetterPage
from council.background import default_task_backend
from tests.advice.test_import import GOOD, council, counts, write  # noqa: F401
from tests.committed import committed_database, ensured_test_database  # noqa: F401
from tests.council.test_worker import database_backend, run_worker  # noqa: F401

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def good(number):
    return GOOD.replace('"test-1"', f'"test-{number}"')


def run(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("import_letters", *map(str, args), stdout=stdout, stderr=stderr)
    except CommandError as error:
        return stdout.getvalue(), stderr.getvalue(), str(error)
    return stdout.getvalue(), stderr.getvalue(), None


@pytest.mark.django_db
def test_the_command_enqueues_one_task_per_file_and_returns(council, tmp_path, settings):  # noqa: F811
    settings.TASKS = DUMMY_TASKS
    for number in (1, 2, 3):
        write(tmp_path, good(number), name=f"{number}.md")
    before = counts()

    stdout, stderr, error = run(tmp_path)

    assert error is None
    results = list(default_task_backend.results)
    rows = list(LetterImportFile.objects.order_by("position"))
    assert [r.task.name for r in results] == ["import_letter_file"] * 3
    assert [r.args for r in results] == [[row.pk] for row in rows]
    assert [row.status for row in rows] == ["queued"] * 3
    assert counts() == before  # nothing imported yet: that is the worker's
    assert "3 bestand(en) in de wachtrij" in stdout
    assert "/beheer/brieven/importeren/" in stdout
    assert "Brieven: 100%" in stderr  # tqdm's bar of the enqueueing

    # The worker runs them.
    for result in results:
        import_letter_file.call(*result.args)
    assert LetterPage.objects.count() == 3
    job = LetterImport.objects.get()
    assert job.state()["status"] == "done" and job.state()["created"] == 3
    assert set(LetterImportFile.objects.values_list("data", flat=True)) == {b""}


@pytest.mark.django_db
def test_a_bad_file_is_named_and_the_others_go_on(council, tmp_path):  # noqa: F811
    write(tmp_path, good(1), name="a.md")
    write(tmp_path, good(2).replace("kind =", "soort ="), name="b.md")
    write(tmp_path, good(3), name="c.md")

    stdout, stderr, error = run(tmp_path)

    assert error == "2 aangemaakt, 0 overgeslagen (al aanwezig), 1 mislukt."
    assert f"{tmp_path / 'b.md'}, regel 4, veld 'soort'" in stderr
    assert sorted(LetterPage.objects.values_list("source_id", flat=True)) == ["test-1", "test-3"]


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_the_file_back(council, tmp_path, monkeypatch):  # noqa: F811
    write(tmp_path, good(1), name="a.md")
    path = write(tmp_path, good(2).replace("state", "state"), name="b.md")
    calls = []

    def broken_fingerprint(text):
        calls.append(text)
        if len(calls) == 2:  # the second file's sent version
            raise OSError("schijf vol")
        return "0" * 64

    monkeypatch.setattr("advice.letters.services.fingerprint", broken_fingerprint)

    stdout, stderr, error = run(tmp_path)

    assert error == "1 aangemaakt, 0 overgeslagen (al aanwezig), 1 mislukt."
    assert f"{path}: onverwachte fout (schijf vol)" in stderr
    assert list(LetterPage.objects.values_list("source_id", flat=True)) == ["test-1"]
    failed = LetterImportFile.objects.get(name=str(path))
    assert (failed.status, failed.letter) == ("failed", None)


@pytest.mark.django_db
def test_a_file_left_running_by_a_killed_worker_is_imported_when_run_again(council, tmp_path):  # noqa: F811
    from advice.letters.import_tasks import start_import

    job, rows = start_import(
        files=[("a.md", good(1).format(council="teststad").encode())],
        name="x",
        origin=LetterImport.Origin.COMMAND,
    )
    LetterImportFile.objects.filter(pk=rows[0].pk).update(
        status="running"
    )  # killed: nothing written

    assert import_letter_file.call(rows[0].pk) == "created"
    assert import_letter_file.call(rows[0].pk) == "niets te doen"
    assert LetterPage.objects.get().source_id == "test-1"
    assert job.state()["status"] == "done"


DEEP_QUOTES = good(11).replace("De Cliëntenraad adviseert", "> " * 3000 + "Diep", 1)
DEEP_LIST = good(12).replace(
    "De Cliëntenraad adviseert", "\n".join("    " * level + "- punt" for level in range(600)), 1
)
DEEP_TOML = good(13).replace('topics = ["armoede"]', "topics = " + "[" * 3000 + "]" * 3000)


@pytest.mark.django_db
def test_over_deep_nesting_is_refused_by_file_and_the_next_file_goes_on(council, tmp_path):  # noqa: F811
    paths = [
        write(tmp_path, DEEP_QUOTES, name="1-citaten.md"),
        write(tmp_path, DEEP_LIST, name="2-lijst.md"),
        write(tmp_path, DEEP_TOML, name="3-toml.md"),
    ]
    write(tmp_path, good(14), name="4-goed.md")

    stdout, stderr, error = run(tmp_path)

    assert error == "1 aangemaakt, 0 overgeslagen (al aanwezig), 3 mislukt."
    lines = stderr.splitlines()
    for path in paths:
        (line,) = [line for line in lines if line.startswith(str(path))]
        assert "te diep genest" in line
    assert "RecursionError" not in stderr
    assert list(LetterPage.objects.values_list("source_id", flat=True)) == ["test-14"]


@pytest.mark.django_db
def test_nesting_that_a_letter_needs_passes(council, tmp_path):  # noqa: F811
    nested = "\n".join("    " * level + "- punt" for level in range(4)) + "\n\n> > citaat"
    write(tmp_path, good(1).replace("De Cliëntenraad adviseert", nested + "\n\nDe Raad", 1))

    assert run(tmp_path)[2] is None
    assert LetterPage.objects.get().source_id == "test-1"


@pytest.mark.django_db
def test_enqueueing_costs_a_fixed_number_of_queries_per_file(council, tmp_path, settings):  # noqa: F811
    settings.TASKS = DUMMY_TASKS
    for number in range(20):
        write(tmp_path, good(number), name=f"{number:02}.md")

    with CaptureQueriesContext(connection) as queries:
        run(tmp_path)

    assert len(queries) <= 10  # the import, its files in one insert, the summary


def test_a_real_worker_imports_what_the_command_enqueued(database_backend, council, tmp_path):  # noqa: F811
    write(tmp_path, good(1), name="a.md")
    write(tmp_path, good(2).replace("kind =", "soort ="), name="b.md")

    stdout, stderr, error = run(tmp_path)
    assert error is None and "2 bestand(en) in de wachtrij" in stdout
    assert not LetterPage.objects.exists()

    run_worker()

    job = LetterImport.objects.get()
    assert (job.state()["status"], job.state()["created"], job.state()["failed"]) == (
        "failed",
        1,
        1,
    )
    letter = LetterPage.objects.get()
    assert letter.source_id == "test-1"
    assert letter.versions.get().pdf  # the PDF task the import enqueued ran too


CORRECTION = b"""+++
source = "test-1-correctie"
corrects = "test-1"
change = "correction"
note = "Beter verwoord."
+++

De Cli\xc3\xabntenraad adviseert *negatief*.
"""


@pytest.mark.django_db
def test_a_correction_run_before_its_letter_waits_for_it(council, settings):  # noqa: F811
    from advice.letters.import_tasks import start_import

    settings.TASKS = DUMMY_TASKS
    job, rows = start_import(
        files=[("c.md", CORRECTION), ("a.md", good(1).format(council="teststad").encode())],
        name="x",
        origin=LetterImport.Origin.COMMAND,
    )
    letter_row, correction_row = rows  # letters first
    assert correction_row.name == "c.md"

    # A second worker picks the correction up before the letter is done.
    assert import_letter_file.call(correction_row.pk) == "wacht op de brief"
    correction_row.refresh_from_db()
    assert correction_row.status == "queued" and correction_row.data == CORRECTION
    [retry] = [r for r in default_task_backend.results if r.task.name == "import_letter_file"]
    assert (retry.args, retry.kwargs) == ([correction_row.pk], {"attempt": 2})

    assert import_letter_file.call(letter_row.pk) == "created"
    assert import_letter_file.call(*retry.args, **retry.kwargs) == "created"
    assert [v.kind for v in LetterPage.objects.get().versions.all()] == ["sent", "correction"]
    assert job.state()["status"] == "done"


@pytest.mark.django_db
def test_wait_follows_the_worker_and_reports_per_file(council, tmp_path, settings, monkeypatch):  # noqa: F811
    settings.TASKS = DUMMY_TASKS
    write(tmp_path, good(1), name="a.md")
    write(tmp_path, good(2).replace("kind =", "soort ="), name="b.md")

    def a_worker_runs_one_file(seconds):
        row = LetterImportFile.objects.filter(status="queued").order_by("position").first()
        import_letter_file.call(row.pk)

    monkeypatch.setattr(
        "advice.management.commands.import_letters.time.sleep", a_worker_runs_one_file
    )

    stdout, stderr, error = run("--wait", tmp_path)

    assert error == "1 aangemaakt, 0 overgeslagen (al aanwezig), 1 mislukt."
    assert "Geïmporteerd: 100%" in stderr and "2/2" in stderr
    assert f"{tmp_path / 'b.md'}, regel 4, veld 'soort'" in stderr
