"""Writes of documents on the record: attach (and maybe fill the response date), rename, remove."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from council.dates import format_day

from ..consultations import audit
from ..consultations.models import Consultation
from ..consultations.services import consultation_save
from . import collections
from .models import DocumentKind, RecordDocument

#: The form field that holds the response date; the consultation's own refusals go there.
RESPONSE_DATE_FIELD = "response_date"


def record_council(attachment):
    if attachment.consultation_id:
        return attachment.consultation.council
    return attachment.agenda_item.meeting.council


def _fill_response_date(*, attachment, title, response_date, user):
    """Write the college's response date on the consultation, through its audited save."""
    if attachment.kind != DocumentKind.EXECUTIVE_RESPONSE or not attachment.consultation_id:
        raise ValidationError(
            {
                RESPONSE_DATE_FIELD: _(
                    "Alleen een reactie van het college bij een raadpleging kan de datum van de "
                    "reactie invullen."
                )
            }
        )
    consultation = Consultation.objects.select_for_update().get(pk=attachment.consultation_id)
    current = consultation.response_received_on
    if current == response_date:
        return consultation
    if current is not None:
        raise ValidationError(
            {
                RESPONSE_DATE_FIELD: _(
                    "Bij deze raadpleging staat al een datum van de reactie: %(day)s. Wilt u die "
                    "wijzigen, doe dat dan in de raadpleging zelf."
                )
                % {"day": format_day(current)}
            }
        )
    consultation.response_received_on = response_date
    try:
        consultation_save(
            consultation=consultation,
            user=user,
            via=audit.VIA_DOCUMENT,
            source=str(title),
        )
    except ValidationError as error:
        messages = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        raise ValidationError(
            {
                RESPONSE_DATE_FIELD: [
                    m for field_messages in messages.values() for m in field_messages
                ]
            }
        ) from error
    return consultation


@transaction.atomic
def record_document_add(*, attachment, file, title, user=None, response_date=None):
    """Store ``file`` in the council's collection and attach it as ``attachment`` says.

    ``attachment`` is an unsaved ``RecordDocument`` with its record, kind and
    public flag. With ``response_date`` (the clerk said yes to the question),
    the consultation's response date is filled too, in the same transaction:
    refused (``ValidationError`` on ``response_date``) when the consultation
    already holds another date or its own rules refuse this one; then nothing
    is stored. The date is never filled without being asked for.
    """
    council = record_council(attachment)
    attachment.council = council
    attachment.full_clean(exclude=["document"])
    if response_date is not None:
        _fill_response_date(
            attachment=attachment, title=title, response_date=response_date, user=user
        )
    document = get_document_model()(
        title=title,
        file=file,
        collection=collections.for_council(council),
        uploaded_by_user=user if user is not None and user.is_authenticated else None,
    )
    document._set_document_file_metadata()
    try:
        document.save()
        attachment.document = document
        attachment.added_by = user if user is not None and user.is_authenticated else None
        attachment.save()
    except Exception:
        # Everything was checked before the file was stored; should the
        # database refuse all the same, the file does not stay behind.
        document.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def record_document_change(*, attachment, title=None):
    """Save a changed kind, public flag or order; a new title goes to the Wagtail document."""
    attachment.full_clean(exclude=["document"])
    attachment.save()
    if title is not None and title != attachment.document.title:
        attachment.document.title = title
        attachment.document.save(update_fields=["title"])
    return attachment


@transaction.atomic
def record_document_remove(*, attachment):
    """Remove the attachment and its file (each upload is attached once)."""
    document = attachment.document
    attachment.delete()
    if not RecordDocument.objects.filter(document=document).exists():
        document.file.delete(save=False)
        document.delete()
