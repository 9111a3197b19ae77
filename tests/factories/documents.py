"""Documents on the record for tests: real files, attached through ``record_document_add``."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from advice.documents.models import DocumentKind, RecordDocument
from advice.documents.services import record_document_add


def pdf_bytes(text="Adviesaanvraag"):
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + text.encode() + b"\ntrailer\n%%EOF\n"
    )


def docx_bytes():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return data.getvalue()


def odt_bytes():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return data.getvalue()


def pdf_upload(name="adviesaanvraag.pdf", content=None):
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


def record_document(
    record, *, title="Adviesaanvraag", kind=DocumentKind.ADVICE_REQUEST, public=False, user=None
):
    """A document attached to ``record`` (a Consultation or an AgendaItem)."""
    field = "consultation" if record._meta.model_name == "consultation" else "agenda_item"
    attachment = RecordDocument(kind=kind, public=public, **{field: record})
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())
    return record_document_add(
        attachment=attachment, file=pdf_upload(f"{slug}.pdf"), title=title, user=user
    )
