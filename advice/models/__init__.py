"""The advice layer's models, one module per subject (STYLE.md: past ~500 lines, a package).

Everything is re-exported here, so ``from advice.models import LetterPage``
and the migrations' ``advice.models.version_pdf_path`` keep working.
"""

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
    "LetterAdoption",
    "LetterApprovalTask",
    "LetterPage",
    "LetterPageManager",
    "LetterPageQuerySet",
    "LetterPermissionTester",
    "LetterVersion",
    "TaggedLetter",
    "version_pdf_path",
]
