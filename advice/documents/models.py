"""Documents on the record: the files behind a consultation or an agenda item.

A ``RecordDocument`` attaches one Wagtail document (``wagtaildocs.Document``,
stored in the council's own collection, ``CouncilCollection``) to exactly one
consultation or one agenda item, with its kind (the request for advice, the
draft decision, the decision, the college's response, other) and whether it
is public. A new attachment is internal until a clerk ticks "openbaar": a
clerk who uploads the municipality's papers before the decision may not be
allowed to publish them yet, and a file that is public by mistake cannot be
called back, while one that is internal by mistake costs one click.

Who may see what:

- the public sees an attachment (on the public pages, in the API and feeds,
  and the file itself at ``/documenten/…``) only when it is public and its
  council's page is live and public (``RecordDocumentQuerySet.public()``);
- a member of the owning council sees every attachment of that council in
  the admin and may download its files; a clerk adds, changes and removes
  them (``council.permissions.CouncilPermissionPolicy`` on ``council``);
- anyone else gets a 404 for the file (``advice.documents.serving``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string

from agenda.models import AgendaItem
from council.models import Council
from council.public_site import public_site

from ..consultations.models import Consultation


class DocumentKind(models.TextChoices):
    ADVICE_REQUEST = "advice_request", _("adviesaanvraag")
    PROPOSAL = "proposal", _("raadsvoorstel / conceptbesluit")
    DECISION = "decision", _("besluit")
    EXECUTIVE_RESPONSE = "executive_response", _("reactie van het college")
    OTHER = "other", _("overig")


class RecordDocumentQuerySet(models.QuerySet):
    def public(self):
        """Ticked public, of a council whose page is live and public: what the public may see."""
        return self.filter(public_site().public_q("council"), public=True)

    def of_consultations(self):
        return self.filter(consultation__isnull=False)

    def of_agenda_items(self):
        return self.filter(agenda_item__isnull=False)

    def public_advice_requests(self):
        """Public requests for advice with their consultation, council and municipality (Woo)."""
        return (
            self.public()
            .of_consultations()
            .filter(kind=DocumentKind.ADVICE_REQUEST)
            .select_related("document", "consultation__council__municipality", "council")
        )

    def in_order(self):
        return self.order_by("sort_order", "added_at", "pk")


class RecordDocument(models.Model):
    """One document attached to one consultation or one agenda item."""

    Kind = DocumentKind

    council = models.ForeignKey(
        Council,
        verbose_name=_("cliëntenraad"),
        on_delete=models.PROTECT,
        related_name="record_documents",
        editable=False,
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("raadpleging"),
        on_delete=models.CASCADE,
        related_name="documents",
        null=True,
        blank=True,
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agendapunt"),
        on_delete=models.CASCADE,
        related_name="documents",
        null=True,
        blank=True,
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="record_links",
        editable=False,
    )
    kind = models.CharField(
        _("soort"), max_length=32, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    public = models.BooleanField(
        _("openbaar"),
        default=False,
        help_text=_(
            "Alleen een openbaar document staat op de website, in de open data en in de feeds. "
            "Een intern document is alleen voor de leden van de cliëntenraad."
        ),
    )
    sort_order = models.PositiveIntegerField(_("volgorde"), default=0)
    added_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegevoegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = RecordDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "added_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(consultation__isnull=False, agenda_item__isnull=True)
                    | Q(consultation__isnull=True, agenda_item__isnull=False)
                ),
                name="record_document_one_record",
                violation_error_message=_(
                    "Kies een raadpleging of een agendapunt (één van beide)."
                ),
            )
        ]
        indexes = [models.Index(fields=["public", "kind"], name="record_document_public_kind")]

    def __str__(self):
        return str(self.document.title) if self.document_id else str(self.get_kind_display())

    @property
    def record(self):
        return self.consultation if self.consultation_id else self.agenda_item

    @property
    def title(self):
        return self.document.title

    @property
    def url(self):
        """Where the file is served (``/documenten/<id>/<name>``; ``serving`` guards it)."""
        return self.document.url


class CouncilCollection(models.Model):
    """The Wagtail collection that holds one council's documents (``collections.for_council``)."""

    council = models.OneToOneField(
        Council, on_delete=models.CASCADE, related_name="document_collection"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.CASCADE, related_name="council_link"
    )

    class Meta:
        verbose_name = _("documentenmap van een cliëntenraad")
        verbose_name_plural = _("documentenmappen van cliëntenraden")

    def __str__(self):
        return str(self.council)
