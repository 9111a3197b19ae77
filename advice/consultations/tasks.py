"""The consultation CSV import in the background: a check task and an apply task.

The admin upload stores the file as a :class:`ConsultationImport` and enqueues
:func:`check_import` (the dry run: what each row would create or change, and
every error by file, line and column). When the check finds something to write
and no error, the person confirms and :func:`apply_import` writes all rows in
one transaction, each through ``consultation_save``: all or nothing. If the
records changed between the check and the confirmation (the same file would
now do something else), nothing is written and the import says so.

The import's own row (status, rows done out of the total, the report) is what
the progress page polls. A worker killed mid-apply leaves the transaction
rolled back (nothing written) and the import *bezig*; it can be confirmed
again, which enqueues the apply once more.
"""

import hashlib
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from council.background import enqueue_on_commit, task

from . import audit, csv_file
from .permissions import import_council_ids


class ConsultationImport(models.Model):
    class Stage(models.TextChoices):
        CHECK = "check", gettext_lazy("controle")
        APPLY = "apply", gettext_lazy("inlezen")

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("in de wachtrij")
        RUNNING = "running", gettext_lazy("bezig")
        DONE = "done", gettext_lazy("klaar")
        FAILED = "failed", gettext_lazy("mislukt")

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
    plan = models.CharField(gettext_lazy("vingerafdruk van de controle"), max_length=64, blank=True)
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


def plan_of(report):
    """A fingerprint of what the import would do, row by row: the check and the apply
    must agree, or the records changed in between."""
    rows = [[row.line, row.reference, row.status, repr(row.changes)] for row in report.rows]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def report_as_json(report, filename):
    def named(line):
        return f"{filename}, {line}" if filename else line

    return {
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
                "status_label": str(row.status_label),
                "errors": [named(line) for line in row.error_lines()],
                "changes": [str(line) for line in row.change_lines()]
                if row.status != "create"
                else [],
            }
            for row in report.rows
        ],
    }


def _start(import_id, stage):
    with transaction.atomic():
        job = ConsultationImport.objects.select_for_update().filter(pk=import_id).first()
        if job is None or job.stage != stage or job.status == ConsultationImport.Status.DONE:
            return None
        job.status = ConsultationImport.Status.RUNNING
        job.done = 0
        job.total = job.total or count_rows(bytes(job.data))
        job.save(update_fields=["status", "done", "total"])
        return job


def _finish(job, report, *, failed=False, message=""):
    job.report = report_as_json(report, job.filename) if report is not None else {}
    if message:
        job.report["message"] = message
    job.status = ConsultationImport.Status.FAILED if failed else ConsultationImport.Status.DONE
    job.done = job.total if not failed else job.done
    job.finished_at = timezone.now()
    job.save()


@task()
def check_import(import_id: int) -> str:
    """The dry run: read every row, write nothing, keep the report and its plan."""
    job = _start(import_id, ConsultationImport.Stage.CHECK)
    if job is None:
        return "niets te doen"
    try:
        with transaction.atomic():
            report = csv_file.read(
                bytes(job.data),
                filename=job.filename,
                council=job.council,
                councils=import_council_ids(job.created_by),
            )
            transaction.set_rollback(True)  # a dry run: whatever reading touched, undone
    except Exception as error:
        _finish(job, None, failed=True, message=_("De controle is mislukt: %s") % error)
        raise
    job.plan = plan_of(report)
    _finish(job, report)
    return job.status


@task()
def apply_import(import_id: int) -> str:
    """Write every row of a checked import in one transaction, or nothing."""
    job = _start(import_id, ConsultationImport.Stage.APPLY)
    if job is None:
        return "niets te doen"
    from .services import consultation_save

    refusal = ""
    try:
        with transaction.atomic():
            report = csv_file.read(
                bytes(job.data),
                filename=job.filename,
                council=job.council,
                councils=import_council_ids(job.created_by),
            )
            if not report.ok or plan_of(report) != job.plan:
                refusal = _(
                    "Er is niets ingelezen: het bestand klopt niet meer met de gegevens. "
                    "Kies het bestand opnieuw."
                )
            for row in [] if refusal else report.to_write:
                try:
                    consultation_save(
                        consultation=row.instance,
                        user=job.created_by,
                        via=audit.VIA_IMPORT,
                        source=_("%(file)s, regel %(line)d")
                        % {"file": job.filename, "line": row.line},
                    )
                except ValidationError as error:
                    row.add_validation_error(error)
                    refusal = _("Er is niets ingelezen: een regel werd geweigerd.")
                    break
            if refusal:
                transaction.set_rollback(True)
            else:
                report.applied = job.applied = True
                _finish(job, report)  # in the same transaction as the rows it reports
    except Exception as error:
        job.refresh_from_db()
        _finish(job, None, failed=True, message=_("Er is niets ingelezen: %s") % error)
        if not isinstance(error, IntegrityError):  # someone saved the same kenmerk meanwhile
            raise
        return job.status
    if refusal:
        job.refresh_from_db()
        _finish(job, report, failed=True, message=refusal)
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
