"""What a clerk may upload as a document on the record: office documents, checked by content.

Only PDF and the OpenDocument / Office Open XML text and spreadsheet formats
(``.pdf .odt .ods .docx .xlsx``): what municipalities send. Not HTML, SVG,
scripts or images: a browser would run or render them from our domain. The
name's extension must match what the file is (a PDF starts with ``%PDF-``,
an ODF or OOXML file is a zip with its own manifest), so an HTML page renamed
``.pdf`` is refused too. Everything is checked before anything is stored;
the limits are in docs/consultations.md.
"""

import zipfile
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: One document (a council proposal with its annexes stays well below this).
MAX_BYTES = 20 * 1024 * 1024

PDF = "pdf"
#: extension -> what the file must be.
ALLOWED = {
    "pdf": PDF,
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "word/",
    "xlsx": "xl/",
}
ACCEPT = ",".join(f".{extension}" for extension in ALLOWED)


def _mb(size):
    return f"{size // (1024 * 1024)} MB"


def _is_pdf(upload):
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    return b"%PDF-" in head


def _zip_names(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(100)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError):
        return None, b""
    finally:
        upload.seek(0)
    return names, mimetype


def _matches(upload, extension):
    expected = ALLOWED[extension]
    if expected == PDF:
        return _is_pdf(upload)
    names, mimetype = _zip_names(upload)
    if names is None:
        return False
    if extension in ("odt", "ods"):
        return mimetype.strip() == expected.encode()
    return "[Content_Types].xml" in names and any(name.startswith(expected) for name in names)


def check_upload(upload):
    """Refuse, in Dutch, a file that is too large, of another type, or not what its name says."""
    name = PurePosixPath(upload.name or "").name
    extension = PurePosixPath(name.lower()).suffix.lstrip(".")
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _("'%(name)s' is te groot: een document is hoogstens %(limit)s.")
            % {"name": name, "limit": _mb(MAX_BYTES)},
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(_("'%(name)s' is leeg.") % {"name": name}, code="empty")
    if extension not in ALLOWED:
        raise ValidationError(
            _(
                "'%(name)s' kan niet worden toegevoegd: kies een PDF, ODT, ODS, DOCX of "
                "XLSX-bestand."
            )
            % {"name": name},
            code="type",
        )
    if not _matches(upload, extension):
        raise ValidationError(
            _(
                "'%(name)s' is geen echt %(type)s-bestand: de inhoud past niet bij de naam. "
                "Sla het document opnieuw op als %(type)s en probeer het nog eens."
            )
            % {"name": name, "type": extension.upper()},
            code="content",
        )
    return upload


class DocumentFileField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Bestand"))
        kwargs.setdefault(
            "help_text",
            gettext_lazy("PDF, ODT, ODS, DOCX of XLSX, hoogstens %(limit)s.")
            % {"limit": _mb(MAX_BYTES)},
        )
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        kwargs.setdefault(
            "error_messages",
            {
                "required": gettext_lazy("Kies een bestand."),
                "empty": gettext_lazy("Het gekozen bestand is leeg."),
                "invalid": gettext_lazy("Er is geen bestand ontvangen. Kies het bestand opnieuw."),
            },
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            check_upload(upload)
        return upload
