"""Where a record came from when it was imported from another system (ODS, ``import_ods``).

A meeting, agenda item or motion read from a municipality's council
information system keeps that system's name (``source``, e.g. ``ods:<host of
the API>``) and its own identifier there (``source_id``). A second import
finds the record by them, so it updates rather than duplicates; a record
typed by hand has both empty. Neither is shown in the admin forms: a clerk
who edits an imported record edits its content, not where it came from.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedRecord(models.Model):
    source = models.CharField(
        _("bron"),
        max_length=200,
        blank=True,
        editable=False,
        help_text=_("Het systeem waaruit dit record is ingelezen; leeg als het is ingetypt."),
    )
    source_id = models.CharField(
        _("id in de bron"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("De identificatie van dit record in dat systeem."),
    )

    class Meta:
        abstract = True


def source_unique(*fields, name):
    """A unique constraint on ``fields`` + source + source id, for imported records only."""
    return models.UniqueConstraint(
        fields=[*fields, "source", "source_id"],
        condition=~models.Q(source_id=""),
        name=name,
    )
