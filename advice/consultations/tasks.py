"""The consultation CSV import in the background: a check task and an apply task.

The admin upload stores the file as a :class:`ConsultationImport` and enqueues
:func:`check_import` (the dry run: what each row would create or change, and
every error by file, line and column; its plan per row is kept). When the
check finds something to write and no error, the person confirms and
:func:`apply_import` writes all rows in one transaction: the same write loop
as the command (``services.consultation_import``), all or nothing, and
nothing when a record changed since the check (compare-and-set under
``select_for_update``, ``import_plan``); the refusal names the rows.

The import's own row (status, phase, rows done out of the total, the report)
is what the progress page polls; :class:`Progress` keeps it current while a
task runs. A worker killed mid-apply leaves the transaction rolled back
(nothing written) and the import *bezig*; its task can be set back to ready,
or the import confirmed again (docs/consultations.md).
"""

import time

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.background import enqueue_on_commit, task
from council.progress import ProgressWriter

from . import audit, csv_file, import_plan
from .permissions import import_council_ids
from .services import consultation_import


class ConsultationImport(models.Model):
    class Stage(models.TextChoices):
        CHECK = "check", gettext_lazy("controle")
        APPLY = "apply", gettext_lazy("inlezen")

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("in de wachtrij")
        RUNNING = "running", gettext_lazy("bezig")
        DONE = "done", gettext_lazy("klaar")
        FAILED = "failed", gettext_lazy("mislukt")

    class Phase(models.TextChoices):
        READ = "read", gettext_lazy("gelezen")
        WRITE = "write", gettext_lazy("geschreven")

    created_at = models.DateTimeField(gettext_lazy("aangemaakt op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    council = models.ForeignKey(
        "council.Council",
        verbose_name=gettext_lazy("cliëntenraad"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filename = models.CharField(gettext_lazy("bestand"), max_length=200)
    data = models.BinaryField(gettext_lazy("inhoud"))
    stage = models.CharField(
        gettext_lazy("stap"), max_length=8, choices=Stage.choices, default=Stage.CHECK
    )
    status = models.CharField(
        gettext_lazy("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(gettext_lazy("regels"), default=0)
    done = models.PositiveIntegerField(gettext_lazy("regels klaar"), default=0)
    report = models.JSONField(gettext_lazy("verslag"), default=dict, blank=True)
    phase = models.CharField(
        gettext_lazy("fase"), max_length=8, choices=Phase.choices, default=Phase.READ
    )
    # Per line of the file: what the check showed it would do (``import_plan.plan_of``).
    plan = models.JSONField(gettext_lazy("plan van de controle"), default=dict, blank=True)
    applied = models.BooleanField(gettext_lazy("ingelezen"), default=False)
    finished_at = models.DateTimeField(gettext_lazy("klaar op"), null=True, blank=True)

    class Meta:
        app_label = "advice"
        ordering = ["-created_at"]
        verbose_name = gettext_lazy("import van raadplegingen")
        verbose_name_plural = gettext_lazy("imports van raadplegingen")

    def __str__(self):
        return f"{self.filename} ({self.get_stage_display()}, {self.get_status_display()})"

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def may_apply(self):
        return (
            self.stage == self.Stage.CHECK
            and self.status == self.Status.DONE
            and self.report.get("ok")
            and self.report.get("to_write", 0) > 0
        )

    def state(self):
        """What the progress page shows and polls (JSON)."""
        return {
            "stage": self.stage,
            "stage_label": str(self.get_stage_display()),
            "status": self.status,
            "status_label": str(self.get_status_display()),
            "phase": self.phase,
            "phase_label": str(self.get_phase_display()),
            "total": self.total,
            "done": self.done,
            "percent": self.percent,
            "finished": self.status in (self.Status.DONE, self.Status.FAILED),
        }


def count_rows(data):
    """Data lines of the file (its header and empty lines not counted), for the progress bar."""
    try:
        text = csv_file.decode(data)
    except Exception:  # the check reports an undecodable file in Dutch
        return 0
    lines = [line for line in text.splitlines() if line.strip()]
    return max(len(lines) - 1, 0)


# The report kept (and shown) of a large file: the rows with an error, or else the
# first rows; a 10,000-row report in full would make every page that loads it slow.
REPORT_ROWS = 200


def report_as_json(report, filename):
    def named(line):
        return f"{filename}, {line}" if filename else line

    with_errors = [row for row in report.rows if row.errors]
    kept = (with_errors or report.rows)[:REPORT_ROWS]
    return {
        "row_count": len(report.rows),
        "only_errors": bool(with_errors),
        "summary": report.summary(),
        "ok": report.ok,
        "applied": report.applied,
        "to_write": len(report.to_write),
        "file_errors": [named(str(error)) for error in report.file_errors],
        "ignored_columns": list(report.ignored_columns),
        "rows": [
            {
                "line": row.line,
                "reference": row.reference,
                "subject": row.subject,
                "status": row.status,
                # A link to the record: one that was stored before, or written now.
                "pk": row.instance.pk
                if row.instance is not None
                and (report.applied or row.status in ("change", "unchanged"))
                else None,
                "status_label": str(row.status_label),
                "errors": [named(line) for line in row.error_lines()],
                "changes": [str(line) for line in row.change_lines()]
                if row.status != "create"
                else [],
            }
            for row in kept
        ],
    }


def _start(import_id, stage):
    with transaction.atomic():
        job = (
            ConsultationImport.objects.select_for_update()
            .defer("report")
            .filter(pk=import_id)
            .first()
        )
        if job is None or job.stage != stage or job.status == ConsultationImport.Status.DONE:
            return None
        job.status = ConsultationImport.Status.RUNNING
        job.phase = ConsultationImport.Phase.READ
        job.done = 0
        job.total = count_rows(bytes(job.data))
        job.save(update_fields=["status", "phase", "done", "total"])
        return job


def _finish(job, report, *, failed=False, message=""):
    job.report = report_as_json(report, job.filename) if report is not None else {}
    if message:
        job.report["message"] = message
    job.status = ConsultationImport.Status.FAILED if failed else ConsultationImport.Status.DONE
    job.done = job.total if not failed else job.done
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "report",
            "status",
            "done",
            "total",
            "phase",
            "applied",
            "plan",
            "finished_at",
        ]
    )


class Progress:
    """Rows done, written to the import's row at most every ``SECONDS`` for the progress page.

    Written through ``council.progress.ProgressWriter``: visible at once, also
    from inside the write transaction on PostgreSQL; on SQLite (one writer)
    the bar stands still while the rows are written and jumps to the end when
    they are committed.
    """

    SECONDS = 0.5

    def __init__(self, job):
        self.job = job
        self.written_at = 0.0
        self.writer = ProgressWriter(ConsultationImport, job.pk)

    def __call__(self, phase, done, total):
        now = time.monotonic()
        if phase == self.job.phase and now - self.written_at < self.SECONDS:
            return
        self.written_at = now
        self.job.phase, self.job.done = phase, done
        values = {"phase": phase, "done": done}
        if total is not None:
            self.job.total = values["total"] = total
        self.writer.write(values)

    def close(self):
        self.writer.close()


def _read(job, *, apply, progress):
    return consultation_import(
        data=bytes(job.data),
        filename=job.filename,
        council=job.council,
        councils=import_council_ids(job.created_by),
        user=job.created_by,
        via=audit.VIA_IMPORT,
        apply=apply,
        expected_plan=job.plan if apply else None,
        progress=progress,
        on_applied=(lambda report: _applied(job, report)) if apply else None,
    )


def _applied(job, report):
    job.applied = True
    _finish(job, report)  # in the write transaction: commits with the rows it reports


@task()
def check_import(import_id: int) -> str:
    """The dry run: read every row, write nothing, keep the report and its plan."""
    job = _start(import_id, ConsultationImport.Stage.CHECK)
    if job is None:
        return "niets te doen"
    progress = Progress(job)
    try:
        report = _read(job, apply=False, progress=progress)
    except Exception as error:
        _finish(job, None, failed=True, message=_("De controle is mislukt: %s") % error)
        raise
    finally:
        progress.close()
    job.plan = import_plan.plan_of(report)
    _finish(job, report)
    return job.status


@task()
def apply_import(import_id: int) -> str:
    """Write every row of a checked import in one transaction, or nothing (compare-and-set)."""
    job = _start(import_id, ConsultationImport.Stage.APPLY)
    if job is None:
        return "niets te doen"
    progress = Progress(job)
    try:
        report = _read(job, apply=True, progress=progress)
    except Exception as error:
        job.refresh_from_db()
        _finish(job, None, failed=True, message=_("Er is niets ingelezen: %s") % error)
        raise
    finally:
        progress.close()
    if not report.applied:
        job.refresh_from_db()
        if report.file_errors:
            message = str(report.file_errors[-1])
        else:
            message = _("Er is niets ingelezen: een regel werd geweigerd.")
        _finish(job, report, failed=True, message=message)
    return job.status


def start_check(*, data, filename, council, user):
    job = ConsultationImport.objects.create(
        data=data, filename=filename, council=council, created_by=user, total=count_rows(data)
    )
    enqueue_on_commit(check_import, job.pk)
    return job


def start_apply(job):
    """Confirmed: the apply step of the same file, as the same import."""
    job.stage = ConsultationImport.Stage.APPLY
    job.status = ConsultationImport.Status.QUEUED
    job.done = 0
    job.save(update_fields=["stage", "status", "done"])
    enqueue_on_commit(apply_import, job.pk)
    return job
