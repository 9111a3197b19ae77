"""``manage.py verify_archive``: every frozen text and PDF against the SHA-256 recorded for it.

The PDF's hash is recorded when the task stores the file; the command takes
both hashes again and exits non-zero on any difference or missing file.
"""

import hashlib
import importlib
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from advice.letters.services import letter_publish_correction, letter_send
from advice.models import LetterPage, LetterVersion
from council.background import default_task_backend
from tests.factories.advice import adopted_letter, published_letter

pytestmark = pytest.mark.django_db


def verify(*options):
    """(exit status, output) of ``manage.py verify_archive``."""
    out = io.StringIO()  # stdout and stderr, in order
    try:
        call_command("verify_archive", *options, stdout=out, stderr=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.fixture
def archive():
    """Two letters: one sent and published, one with a correction after it (three versions)."""
    published_letter(title="Advies over de bijstand")
    corrected = published_letter(title="Advies over schuldhulp")
    letter_publish_correction(
        letter=corrected, note="Een datum verbeterd.", body=[("text", "De verbeterde tekst.")]
    )
    return LetterVersion.objects.select_related("letter").order_by("pk")


def test_the_task_records_the_sha256_of_the_file_it_stores(archive):
    for version in archive:
        data = Path(version.pdf.path).read_bytes()
        assert data.startswith(b"%PDF")
        assert version.pdf_fingerprint == hashlib.sha256(data).hexdigest()


def test_a_clean_archive_passes(archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the versions, and the task queue
        status, output = verify()
    assert status == 0, output
    assert "Gecontroleerd: 3 versies van 2 brieven." in output
    assert "Tekst: 3 in orde, 0 afwijkend." in output
    assert "Pdf: 3 in orde, 0 afwijkend, 0 ontbreekt, 0 wordt nog gemaakt." in output
    assert "Het archief is in orde." in output


def test_one_changed_byte_of_a_pdf_is_found_and_named(archive):
    version = archive.get(letter__title="Advies over schuldhulp", number=2)
    path = Path(version.pdf.path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))

    status, output = verify()
    assert status == 1
    (line,) = [line for line in output.splitlines() if line.startswith("AFWIJKEND")]
    assert f'brief {version.letter_id} "Advies over schuldhulp", versie 2 (correctie): pdf:' in line
    assert "wijkt af van de vastgelegde SHA-256" in line
    assert "Pdf: 2 in orde, 1 afwijkend, 0 ontbreekt" in output
    assert "Het archief is niet in orde: 1 afwijking." in output


def test_a_missing_pdf_file_fails(archive):
    version = archive.get(letter__title="Advies over de bijstand")
    Path(version.pdf.path).unlink()

    status, output = verify()
    assert status == 1
    assert f'ONTBREEKT: brief {version.letter_id} "Advies over de bijstand", versie 1' in output
    assert "niet gevonden" in output
    assert "Pdf: 2 in orde, 0 afwijkend, 1 ontbreekt" in output


def test_problems_go_to_stderr_and_the_summary_to_stdout(archive):
    """So that cron, with stdout sent to /dev/null, mails only the problems."""
    Path(archive.first().pdf.path).unlink()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_archive", stdout=out, stderr=err)
    assert err.getvalue().startswith("ONTBREEKT: brief ")
    assert "ONTBREEKT" not in out.getvalue()
    assert "Gecontroleerd: 3 versies van 2 brieven." in out.getvalue()


def test_a_changed_text_fails(archive):
    version = archive.get(letter__title="Advies over schuldhulp", number=1)
    LetterVersion.objects.filter(pk=version.pk).update(text=version.text.replace("e", "é", 1))

    status, output = verify()
    assert status == 1
    assert (
        f'AFWIJKEND: brief {version.letter_id} "Advies over schuldhulp", versie 1 '
        "(verzonden versie): tekst: de opgeslagen tekst past niet bij de vingerafdruk"
    ) in output
    assert "Tekst: 2 in orde, 1 afwijkend." in output


def test_a_changed_pdf_hash_fails_too(archive):
    version = archive.first()
    LetterVersion.objects.filter(pk=version.pk).update(pdf_fingerprint="0" * 64)
    status, output = verify()
    assert status == 1
    assert "wijkt af van de vastgelegde SHA-256" in output


def test_a_pdf_whose_task_is_queued_is_being_made_and_fails_only_when_strict(settings):
    # The production backend: the queue is a table in the same database.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    letter = adopted_letter(title="Advies over vervoer")
    version = letter_send(letter=letter, sent_on=None, sent_to="College")
    assert not version.pdf

    status, output = verify()
    assert status == 0, output
    assert (
        f'WORDT GEMAAKT: brief {letter.pk} "Advies over vervoer", versie 1 (verzonden versie): '
        "pdf: nog geen bestand; de taak staat klaar"
    ) in output
    assert "Pdf: 0 in orde, 0 afwijkend, 0 ontbreekt, 1 wordt nog gemaakt." in output
    assert "Het archief is in orde, op 1 pdf die nog gemaakt wordt na." in output

    status, output = verify("--streng")
    assert status == 1
    assert (
        "Het archief is niet in orde: 1 afwijking, waarvan 1 pdf die nog gemaakt wordt."
    ) in output


def test_a_pdf_that_was_never_made_and_is_not_queued_is_missing(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    letter = adopted_letter(title="Advies over vervoer")
    letter_send(letter=letter, sent_on=None, sent_to="College")
    assert verify()[0] == 0  # queued: being made
    default_task_backend.clear()  # the task is gone (failed for good, or lost)

    status, output = verify()
    assert status == 1
    assert "pdf: nog nooit opgeslagen en geen taak in de wachtrij" in output
    assert not LetterPage.objects.get(pk=letter.pk).versions.get().pdf


def test_the_migration_fills_the_hash_of_existing_files(archive):
    migration = importlib.import_module("advice.migrations.0011_letter_pdf_fingerprints")
    kept, lost = archive[0], archive[1]
    Path(lost.pdf.path).unlink()
    LetterVersion.objects.update(pdf_fingerprint="")

    migration.fill_pdf_fingerprints(apps, None)

    assert LetterVersion.objects.get(pk=kept.pk).pdf_fingerprint == kept.pdf_fingerprint
    assert LetterVersion.objects.get(pk=lost.pk).pdf_fingerprint == ""
    status, output = verify()
    assert status == 1
    assert "ONTBREEKT" in output
