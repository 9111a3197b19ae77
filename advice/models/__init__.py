"""The advice layer's models, one module per subject (STYLE.md: past ~500 lines, a package).

Everything is re-exported here, so ``from advice.models import LetterPage``
and the migrations' ``advice.models.version_pdf_path`` keep working.
"""

from .consultations import (
    Consultation,
    ConsultationQuerySet,
    ConsultationReminder,
    ConsultationVerdictEvent,
    VerdictEventQuerySet,
    consultation_year,
    dates_from_values,
    rules_from_values,
)
from .letters import (
    LetterAdoption,
    LetterApprovalTask,
    LetterPage,
    LetterPageManager,
    LetterPageQuerySet,
    LetterPermissionTester,
    LetterVersion,
    TaggedLetter,
    version_pdf_path,
)

__all__ = [
    "Consultation",
    "ConsultationQuerySet",
    "ConsultationReminder",
    "ConsultationVerdictEvent",
    "LetterAdoption",
    "LetterApprovalTask",
    "LetterPage",
    "LetterPageManager",
    "LetterPageQuerySet",
    "LetterPermissionTester",
    "LetterVersion",
    "TaggedLetter",
    "VerdictEventQuerySet",
    "consultation_year",
    "dates_from_values",
    "rules_from_values",
    "version_pdf_path",
]
