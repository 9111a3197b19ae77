"""The models of both halves of the advice app, where Django looks for them.

Letters live in ``advice.letters.models``, the consultation record in
``advice.consultations.models`` (its verdict events and reminders in
``advice.consultations.events``); both are one Django app (``advice``), so
their tables and migrations stay where they were. Everything is re-exported
here, so ``from advice.models import LetterPage`` and the migrations'
``advice.models.version_pdf_path`` keep working.
"""

from .consultations.events import (
    ConsultationReminder,
    ConsultationVerdictEvent,
    VerdictEventQuerySet,
)
from .consultations.models import (
    Consultation,
    ConsultationQuerySet,
    consultation_year,
)
from .consultations.tasks import ConsultationImport
from .documents.models import (
    CouncilCollection,
    DocumentKind,
    RecordDocument,
    RecordDocumentQuerySet,
)
from .letters.approval import DiscussionApproval, LetterApprovalTask
from .letters.import_jobs import LetterImport, LetterImportFile
from .letters.models import (
    LetterPage,
    LetterPageManager,
    LetterPageQuerySet,
    LetterPermissionTester,
    TaggedLetter,
)
from .letters.versions import LetterAdoption, LetterVersion, version_pdf_path

__all__ = [
    "ConsultationImport",
    "Consultation",
    "ConsultationQuerySet",
    "ConsultationReminder",
    "ConsultationVerdictEvent",
    "CouncilCollection",
    "DocumentKind",
    "DiscussionApproval",
    "LetterAdoption",
    "LetterApprovalTask",
    "LetterImport",
    "LetterImportFile",
    "LetterPage",
    "LetterPageManager",
    "LetterPageQuerySet",
    "LetterPermissionTester",
    "LetterVersion",
    "RecordDocument",
    "RecordDocumentQuerySet",
    "TaggedLetter",
    "VerdictEventQuerySet",
    "consultation_year",
    "version_pdf_path",
]
