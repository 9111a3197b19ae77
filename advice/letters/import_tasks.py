"""Letter import in the background: one task per file (``manage.py import_letters``, admin upload).

:func:`start_import` stores the files as a ``LetterImport`` (``.import_jobs``),
:func:`enqueue_files` enqueues :func:`import_letter_file` for each, on
commit. The task imports its file all or nothing, through
``importing.import_letter``, and records the outcome on the file's row.
"""

import logging
import re
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.background import MAX_ATTEMPTS, enqueue_on_commit, retry_later, task

from .import_jobs import FINISHED, LetterImport, LetterImportFile, Status
from .importing import ImportProblem, import_letter, is_correction
from .permissions import refuse_outside_scope

logger = logging.getLogger(__name__)


#: Corrections wait for the letters they correct (a backend with priorities runs them later).
CORRECTION_PRIORITY = -10
CORRECTS = re.compile(r"""^\s*corrects\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def _finish(row, status, *, outcome="", message="", letter=None):
    row.status, row.outcome, row.message, row.letter = status, outcome, message, letter
    row.data = b""  # imported or refused: the content is not needed any more
    row.finished_at = timezone.now()
    row.save(update_fields=["status", "outcome", "message", "letter", "data", "finished_at"])


@task()
def import_letter_file(file_id: int, attempt: int = 1) -> str:
    """Import one file of a letter import: all of it, or nothing and a Dutch reason.

    A correction whose letter is in a file of the same import that another
    worker has not finished yet waits for it (``retry_later``, bounded).
    The letter and the file's row ("klaar", the letter) are one transaction,
    so a worker killed halfway leaves the file *bezig* with nothing written,
    and running the task again imports it. A refusal (``ImportProblem``: a
    missing field, another council, too deep nesting) marks the file
    *mislukt* with the reason naming the file; an unexpected error does too,
    and fails the task (the task's row keeps the traceback).
    """
    with transaction.atomic():
        row = (
            # of=self: PostgreSQL locks no row of the nullable side of an outer join.
            LetterImportFile.objects.select_for_update(of=("self",))
            .select_related("letter_import__created_by")
            .filter(pk=file_id)
            .first()
        )
        if row is None or row.status in FINISHED:
            return "niets te doen"
        row.status = Status.RUNNING
        row.save(update_fields=["status"])
    job = row.letter_import
    may_write = None
    if job.origin == LetterImport.Origin.ADMIN:
        may_write = partial(refuse_outside_scope, job.created_by)
    try:
        with transaction.atomic():
            outcome, letter = import_letter(
                row.name, data=bytes(row.data), user=job.created_by, may_write=may_write
            )
            _finish(row, Status.DONE, outcome=outcome, letter=letter)
    except ImportProblem as problem:
        # Several workers: the letter this corrects may be being imported right now.
        if problem.field == "corrects" and attempt < MAX_ATTEMPTS and _letter_still_coming(row):
            LetterImportFile.objects.filter(pk=row.pk).update(status=Status.QUEUED)
            retry_later(import_letter_file, file_id, attempt=attempt)
            return "wacht op de brief"
        _finish(row, Status.FAILED, message=str(problem))
        return "mislukt"
    except Exception as error:
        logger.exception("Import van %s mislukt", row.name)
        _finish(
            row,
            Status.FAILED,
            message=_("%(file)s: onverwachte fout (%(error)s); er is niets van ingelezen.")
            % {"file": row.name, "error": error},
        )
        raise
    return outcome


def _letter_still_coming(row):
    """Is the letter this correction corrects in a file of the same import not yet done?"""
    match = CORRECTS.search(bytes(row.data).decode("utf-8", errors="replace"))
    if match is None:
        return False
    source = re.compile(rf'^\s*source\s*=\s*["\']{re.escape(match[1])}["\']', re.MULTILINE)
    waiting = (
        LetterImportFile.objects.filter(
            letter_import=row.letter_import_id, status__in=(Status.QUEUED, Status.RUNNING)
        )
        .exclude(pk=row.pk)
        .values_list("data", flat=True)
    )
    return any(source.search(bytes(data).decode("utf-8", errors="replace")) for data in waiting)


def start_import(*, files, name, user=None, origin=LetterImport.Origin.ADMIN):
    """Store an import and its files (``[(name, bytes), …]``); letters before corrections.

    Returns the import and its file rows; :func:`enqueue_files` enqueues them.
    """
    ordered = sorted(files, key=lambda file: is_correction(file[1]))
    with transaction.atomic():
        job = LetterImport.objects.create(
            name=name[:200], created_by=user, origin=origin, total=len(ordered)
        )
        rows = LetterImportFile.objects.bulk_create(
            LetterImportFile(letter_import=job, position=position, name=file_name[:255], data=data)
            for position, (file_name, data) in enumerate(ordered)
        )
    return job, rows


def enqueue_files(rows, *, progress=None):
    """Enqueue one :func:`import_letter_file` per row (on commit); ``progress`` wraps the rows."""
    later = import_letter_file
    if import_letter_file.get_backend().supports_priority:
        later = import_letter_file.using(priority=CORRECTION_PRIORITY)
    for row in progress(rows) if progress else rows:
        enqueue_on_commit(later if is_correction(bytes(row.data)) else import_letter_file, row.pk)
