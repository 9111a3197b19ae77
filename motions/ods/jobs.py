"""An ODS import from the admin as a record: the uploaded file, its progress and its report.

The upload stores the file as an :class:`OdsImport` and enqueues
``tasks.import_ods_file``; the progress page polls :meth:`OdsImport.state`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class OdsImport(models.Model):
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
        on_delete=models.PROTECT,
        related_name="+",
    )
    filename = models.CharField(gettext_lazy("bestand"), max_length=200)
    # The file until it is imported; emptied when it is finished.
    data = models.BinaryField(gettext_lazy("inhoud"), blank=True, default=b"")
    status = models.CharField(
        gettext_lazy("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(gettext_lazy("objecten"), default=0)
    done = models.PositiveIntegerField(gettext_lazy("objecten klaar"), default=0)
    report = models.JSONField(gettext_lazy("verslag"), default=dict, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("klaar op"), null=True, blank=True)

    class Meta:
        app_label = "motions"
        ordering = ["-created_at"]
        verbose_name = gettext_lazy("ODS-import")
        verbose_name_plural = gettext_lazy("ODS-imports")

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if self.finished:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def state(self):
        """What the progress page shows and polls (JSON)."""
        return {
            "status": self.status,
            "status_label": str(self.get_status_display()),
            "total": self.total,
            "done": self.done,
            "percent": self.percent,
            "finished": self.finished,
        }
