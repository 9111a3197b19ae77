"""Letter work that leaves the request: freezing a recorded version's PDF.

``_record_version`` (services) records the version, its text and fingerprint
inside the sending or publishing transaction and enqueues
:func:`freeze_version_pdf` on commit, which stores the PDF with its SHA-256.
Until the PDF is stored, its URLs answer "wordt gemaakt" (202, not cached)
and feeds carry no enclosure; once it is stored, saving the version bumps the
letter's cache scopes like any change.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction

from council.background import retry_later, task

from .rendering import render_letter_pdf
from .versions import LetterVersion

logger = logging.getLogger(__name__)


@task()
def freeze_version_pdf(version_id: int, attempt: int = 1) -> str:
    """Render and store the PDF of a recorded version, once; retried after a failure.

    Rendering happens outside any transaction; storing is one short
    transaction that stores nothing if another run got there first. A worker
    killed in between leaves the version without a PDF and the task can
    simply run again.
    """
    version = LetterVersion.objects.select_related("revision").filter(pk=version_id).first()
    if version is None or version.pdf:
        return "niets te doen"
    try:
        data = render_letter_pdf(version.revision.as_object())
    except Exception:
        logger.exception("PDF van versie %s: poging %d mislukt", version_id, attempt)
        if retry_later(freeze_version_pdf, version_id, attempt=attempt):
            return "opnieuw"
        raise
    with transaction.atomic():
        version = LetterVersion.objects.select_for_update().get(pk=version_id)
        if version.pdf:
            return "niets te doen"
        version.pdf.save(f"versie-{version.number}.pdf", ContentFile(data), save=False)
        version.pdf_fingerprint = hashlib.sha256(data).hexdigest()
        version.save(update_fields=["pdf", "pdf_fingerprint"])
    return "opgeslagen"
