"""The admin's ODS import in the background: one task per uploaded file.

The task writes the file all or nothing (``importing.ods_import``) as the
uploader, and only into a council where the uploader may still import (the
membership is asked again when the task runs, not only at the upload).
Progress goes to the import's row through ``council.progress.ProgressWriter``,
as the consultation import's does: outside the write transaction directly;
inside it, on PostgreSQL, through a second connection that commits at once;
on SQLite (one writer) the bar jumps to the end at the commit.
"""

import logging
import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.background import enqueue_on_commit, task
from council.progress import ProgressWriter

from .importing import ods_import
from .jobs import OdsImport
from .permissions import may_import_into

logger = logging.getLogger(__name__)


class Progress:
    """``(done, total)`` written to the import's row at most every ``SECONDS``
    (``council.progress.ProgressWriter``)."""

    SECONDS = 0.5

    def __init__(self, job):
        self.job = job
        self.written_at = 0.0
        self.writer = ProgressWriter(OdsImport, job.pk)

    def __call__(self, done, total):
        self.job.done, self.job.total = done, total
        now = time.monotonic()
        if now - self.written_at < self.SECONDS and done < total:
            return
        self.written_at = now
        self.writer.write({"done": done, "total": total})

    def close(self):
        self.writer.close()


def _finish(job, status, report):
    job.status, job.report = status, report
    job.done = job.total if status == OdsImport.Status.DONE else job.done
    job.data = b""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "done", "total", "data", "finished_at"])


@task()
def import_ods_file(import_id: int) -> str:
    """Import one uploaded ODS file: all of it, or nothing and a Dutch report."""
    with transaction.atomic():
        job = OdsImport.objects.select_for_update().filter(pk=import_id).first()
        if job is None or job.finished:
            return "niets te doen"
        job.status = OdsImport.Status.RUNNING
        job.save(update_fields=["status"])
    job = OdsImport.objects.select_related("council", "created_by").get(pk=import_id)
    if not may_import_into(job.created_by, job.council_id):
        message = _("U mag niet (meer) importeren bij %(council)s; er is niets ingelezen.") % {
            "council": job.council
        }
        _finish(
            job, OdsImport.Status.FAILED, {"ok": False, "problems": [message], "summary": message}
        )
        return "geweigerd"
    progress = Progress(job)
    try:
        report = ods_import(
            data=bytes(job.data),
            name=job.filename,
            council=job.council,
            user=job.created_by,
            progress=progress,
        )
    except Exception as error:
        logger.exception("ODS-import van %s mislukt", job.filename)
        message = _("%(file)s: onverwachte fout (%(error)s); er is niets ingelezen.") % {
            "file": job.filename,
            "error": error,
        }
        _finish(
            job, OdsImport.Status.FAILED, {"ok": False, "problems": [message], "summary": message}
        )
        raise
    finally:
        progress.close()
    status = OdsImport.Status.DONE if report.applied else OdsImport.Status.FAILED
    _finish(job, status, report.as_json())
    return status


def start_import(*, data, filename, council, user):
    job = OdsImport.objects.create(
        data=data, filename=filename[:200], council=council, created_by=user
    )
    enqueue_on_commit(import_ods_file, job.pk)
    return job
