"""A letter import as a record: its files, each imported by a task of its own.

``manage.py import_letters`` and the admin upload both store the files of one
import as a :class:`LetterImport` with one :class:`LetterImportFile` per
file, and enqueue ``advice.letters.tasks.import_letter_file`` per file. Each
file is all or nothing (``importing.import_letter``); the file's row (status,
outcome, the Dutch problem naming the file, the letter created) is written
in the same transaction as the letter. The progress page and
``import_letters --wait`` read these rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy


class Status(models.TextChoices):
    QUEUED = "queued", gettext_lazy("in de wachtrij")
    RUNNING = "running", gettext_lazy("bezig")
    DONE = "done", gettext_lazy("klaar")
    FAILED = "failed", gettext_lazy("mislukt")


FINISHED = (Status.DONE, Status.FAILED)


class LetterImport(models.Model):
    class Origin(models.TextChoices):
        ADMIN = "admin", gettext_lazy("beheeromgeving")
        COMMAND = "command", gettext_lazy("opdrachtregel")

    created_at = models.DateTimeField(gettext_lazy("aangemaakt op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin = models.CharField(
        gettext_lazy("herkomst"), max_length=8, choices=Origin.choices, default=Origin.ADMIN
    )
    name = models.CharField(gettext_lazy("naam"), max_length=200)
    total = models.PositiveIntegerField(gettext_lazy("bestanden"), default=0)

    class Meta:
        app_label = "advice"
        ordering = ["-created_at"]
        verbose_name = gettext_lazy("import van brieven")
        verbose_name_plural = gettext_lazy("imports van brieven")

    def __str__(self):
        return self.name

    def counts(self):
        """Files per status and outcome: one query."""
        return self.files.aggregate(
            queued=Count("pk", filter=Q(status=Status.QUEUED)),
            running=Count("pk", filter=Q(status=Status.RUNNING)),
            done=Count("pk", filter=Q(status=Status.DONE)),
            failed=Count("pk", filter=Q(status=Status.FAILED)),
            created=Count("pk", filter=Q(status=Status.DONE, outcome="created")),
            skipped=Count("pk", filter=Q(status=Status.DONE, outcome="skipped")),
        )

    def state(self, counts=None):
        """What the progress page shows and polls (JSON)."""
        counts = counts or self.counts()
        finished = counts["done"] + counts["failed"]
        if finished >= self.total:
            status = Status.FAILED if counts["failed"] else Status.DONE
        elif counts["running"] or finished:
            status = Status.RUNNING
        else:
            status = Status.QUEUED
        label = status.label
        if status == Status.FAILED and counts["done"]:
            label = gettext_lazy("klaar, met fouten")  # some files in, some refused
        return {
            "status": status.value,
            "status_label": str(label),
            "total": self.total,
            "done": finished,
            "percent": int(100 * finished / self.total) if self.total else 100,
            "finished": finished >= self.total,
            **{key: counts[key] for key in ("created", "skipped", "failed")},
        }


class LetterImportFile(models.Model):
    letter_import = models.ForeignKey(
        LetterImport,
        verbose_name=gettext_lazy("import"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    position = models.PositiveIntegerField(gettext_lazy("volgorde"), default=0)
    name = models.CharField(gettext_lazy("bestand"), max_length=255)
    # The file's content until it is imported; emptied when it is finished.
    data = models.BinaryField(gettext_lazy("inhoud"), blank=True, default=b"")
    status = models.CharField(
        gettext_lazy("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    outcome = models.CharField(gettext_lazy("resultaat"), max_length=8, blank=True)
    message = models.TextField(gettext_lazy("melding"), blank=True)
    letter = models.ForeignKey(
        "advice.LetterPage",
        verbose_name=gettext_lazy("brief"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(gettext_lazy("klaar op"), null=True, blank=True)

    class Meta:
        app_label = "advice"
        ordering = ["letter_import", "position"]
        verbose_name = gettext_lazy("bestand van een import van brieven")
        verbose_name_plural = gettext_lazy("bestanden van imports van brieven")

    def __str__(self):
        return self.name
