"""What happened to a letter, in plain tables beside the page (see ``advice.letters.models``).

- ``LetterAdoption``: the chair adopted this revision (the workflow's end);
- ``LetterVersion``: a frozen public text: the sent version, or the first
  publication of a letter that is not sent, and every change published after
  it, each with its fingerprint, its stored PDF (and the PDF's SHA-256) and,
  for a change, its note. ``manage.py verify_archive`` recomputes both hashes.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision

from council.dates import format_partial_date, validate_plausible_year

from .rendering import pdf_pending_response
from .storage import PrivateStorage


class LetterAdoption(models.Model):
    """The chair adopted (vastgesteld) this revision of the letter."""

    letter = models.ForeignKey(
        "advice.LetterPage",
        verbose_name=_("brief"),
        on_delete=models.CASCADE,
        related_name="adoptions",
    )
    revision = models.ForeignKey(
        Revision, verbose_name=_("versie"), on_delete=models.PROTECT, related_name="+"
    )
    adopted_at = models.DateTimeField(_("vastgesteld op"), default=timezone.now)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-adopted_at", "-pk"]
        verbose_name = _("vaststelling")
        verbose_name_plural = _("vaststellingen")

    def __str__(self):
        return f"{self.letter} ({self.adopted_at:%d-%m-%Y})"


def file_fingerprint(handle):
    """SHA-256 of an open binary file, as the hex digest ``sha256sum`` prints."""
    return hashlib.file_digest(handle, "sha256").hexdigest()


def version_pdf_path(version, filename):
    return f"brieven/{version.letter.council.slug}/{version.letter_id}-versie-{version.number}.pdf"


class LetterVersion(models.Model):
    """A frozen public text of a letter. Never changed once written."""

    class Kind(models.TextChoices):
        SENT = "sent", _("verzonden versie")
        PUBLISHED = "published", _("eerste publicatie")
        CORRECTION = "correction", _("correctie")
        MINOR = "minor", _("kleine wijziging")

    letter = models.ForeignKey(
        "advice.LetterPage",
        verbose_name=_("brief"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("versie"))
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    revision = models.ForeignKey(
        Revision, verbose_name=_("revisie"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("tekst"))
    fingerprint = models.CharField(_("vingerafdruk (SHA-256)"), max_length=64)
    pdf = models.FileField(
        _("pdf"), upload_to=version_pdf_path, max_length=255, storage=PrivateStorage()
    )
    # Set with the file, in the same transaction (advice/letters/tasks.py); empty while the
    # PDF is being made. A restored file is proven by it (manage.py verify_archive).
    pdf_fingerprint = models.CharField(
        _("vingerafdruk van de pdf (SHA-256)"), max_length=64, blank=True
    )
    note = models.TextField(_("wijzigingsnotitie"), blank=True)
    # The plain-language summary as readers were given it with this version (not part of the
    # fingerprinted text: the addressee received the letter, not the summary).
    summary = models.TextField(_("samenvatting in gewone taal"), blank=True)
    no_summary_reason = models.CharField(
        _("reden voor geen samenvatting"), max_length=300, blank=True
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_on = models.DateField(
        _("verzonden op"), null=True, blank=True, validators=[validate_plausible_year]
    )
    sent_to = models.CharField(_("verzonden aan"), max_length=255, blank=True)
    source_id = models.CharField(_("bron-id"), max_length=120, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("versie van een brief")
        verbose_name_plural = _("versies van brieven")
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="unique_letter_version"),
            models.UniqueConstraint(
                fields=["source_id"],
                condition=~models.Q(source_id=""),
                name="unique_letter_version_source_id",
            ),
        ]
        # The corrections alone, latest first: the feeds' candidates
        # (LetterPageQuerySet.newest_changes) without reading every sent version.
        indexes = [
            models.Index(
                "letter",
                models.F("recorded_at").desc(),
                condition=models.Q(kind="correction"),
                name="letterversion_correction_idx",
            ),
        ]

    def __str__(self):
        return f"{self.letter} – {self.get_kind_display()} ({self.number})"

    @property
    def summary_state(self):
        return (self.summary, self.no_summary_reason)

    @property
    def sent_on_display(self):
        return format_partial_date(self.sent_on)

    def stored_pdf_fingerprint(self):
        """SHA-256 of the PDF file as it is on disk now; FileNotFoundError if it is gone."""
        with self.pdf.open("rb") as handle:
            return file_fingerprint(handle)

    def pdf_response(self):
        if not self.pdf:  # recorded; its PDF is being made (advice/letters/tasks.py)
            return pdf_pending_response()
        try:
            handle = self.pdf.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return FileResponse(
            handle,
            content_type="application/pdf",
            filename=f"{self.letter.slug}-versie-{self.number}.pdf",
        )

    def text_response(self):
        response = HttpResponse(self.text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = (
            f'inline; filename="{self.letter.slug}-versie-{self.number}.txt"'
        )
        return response
