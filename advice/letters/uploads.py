"""The admin's letter upload: a zip or several Markdown files, checked before anything is stored.

Every limit is checked before a file is read into memory, and a zip's
entries are read with a bound, whatever their headers claim: a zip bomb, a
zip of thousands of entries or an oversized upload gets a Dutch refusal and
nothing is stored. What passes is a list of ``(name, bytes)``, one per
letter file, for ``import_tasks.start_import``. The limits are stated in
docs/letters.md.
"""

import re
import zipfile
import zlib
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Letter files in one upload (loose or in zips).
MAX_FILES = 200
#: One letter file, uncompressed.
MAX_FILE_BYTES = 1024 * 1024
#: All letter files of one upload together, uncompressed.
MAX_TOTAL_BYTES = 20 * 1024 * 1024
#: What is sent: the uploaded files (zips compressed) together.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
#: Entries in one zip, folders and other files included.
MAX_ZIP_ENTRIES = 1000

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


def _mb(size):
    return f"{size // (1024 * 1024)} MB"


def _clean_name(name):
    return _UNPRINTABLE.sub("?", name)[:255]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".md,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data:
            return single(None, initial)  # "required"
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class LetterUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Bestanden"),
        help_text=gettext_lazy(
            "Eén zip-bestand met .md-bestanden, of een of meer .md-bestanden (elk bestand één "
            "brief, zie de uitleg hieronder)."
        ),
        error_messages={"required": gettext_lazy("Kies een zip-bestand of .md-bestanden.")},
    )

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if sum(upload.size or 0 for upload in uploads) > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("De upload is te groot: samen meer dan %(limit)s.")
                % {"limit": _mb(MAX_UPLOAD_BYTES)}
            )
        letters = []
        for upload in uploads:
            name = _clean_name(upload.name or "")
            if name.lower().endswith(".zip"):
                letters.extend(read_zip(upload, name, already=letters))
            elif name.lower().endswith(".md"):
                letters.append((name, _read_bounded(upload, name)))
            else:
                raise ValidationError(
                    _("'%(name)s' is geen .md- of .zip-bestand.") % {"name": name}
                )
            _check_totals(letters)
        if not letters:
            raise ValidationError(_("Er zit geen .md-bestand in de upload."))
        return letters


def _too_large(name):
    return ValidationError(
        _("'%(name)s' is te groot: een brief is hoogstens %(limit)s.")
        % {"name": name, "limit": _mb(MAX_FILE_BYTES)}
    )


def _read_bounded(file, name):
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(name)
    return data


def _check_totals(letters, *, count=0, size=0):
    """Refuse more than MAX_FILES letters or MAX_TOTAL_BYTES (``count``/``size``: still to come)."""
    if len(letters) + count > MAX_FILES:
        raise ValidationError(
            _("Te veel bestanden: hoogstens %(limit)d brieven per upload.") % {"limit": MAX_FILES}
        )
    if sum(len(data) for _name, data in letters) + size > MAX_TOTAL_BYTES:
        raise ValidationError(
            _("De brieven zijn samen te groot: uitgepakt hoogstens %(limit)s.")
            % {"limit": _mb(MAX_TOTAL_BYTES)}
        )


def _is_letter(info):
    path = PurePosixPath(info.filename)
    return (
        not info.is_dir()
        and path.suffix.lower() == ".md"
        and "__MACOSX" not in path.parts
        and not path.name.startswith("._")
    )


def read_zip(upload, name, *, already=()):
    """The ``.md`` files of a zip, named ``zip/path``; refuses what breaks a limit."""
    unreadable = ValidationError(_("'%(name)s' is geen leesbaar zip-bestand.") % {"name": name})
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise unreadable from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ValidationError(
                _("'%(name)s' bevat te veel bestanden (meer dan %(limit)d).")
                % {"name": name, "limit": MAX_ZIP_ENTRIES}
            )
        wanted = [info for info in infos if _is_letter(info)]
        # What the headers declare, before anything is unpacked.
        _check_totals(already, count=len(wanted), size=sum(info.file_size for info in wanted))
        letters = list(already)
        for info in wanted:
            entry = _clean_name(f"{name}/{info.filename}")
            if info.file_size > MAX_FILE_BYTES:
                raise _too_large(entry)
            try:
                with archive.open(info) as file:
                    data = _read_bounded(file, entry)  # the header may lie: read with a bound
            except ValidationError:
                raise
            except (
                zipfile.BadZipFile,
                RuntimeError,  # encrypted
                NotImplementedError,  # an unknown compression
                zlib.error,
                OSError,
                EOFError,
                ValueError,
            ):
                raise ValidationError(
                    _("'%(name)s' kan niet uitgepakt worden.") % {"name": entry}
                ) from None
            letters.append((entry, data))
            _check_totals(letters)
        return letters[len(already) :]
