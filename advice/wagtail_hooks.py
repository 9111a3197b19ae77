"""Wagtail loads an app's ``wagtail_hooks`` module only: this one loads every part's hooks."""

from .consultations import wagtail_hooks as consultation_hooks
from .documents import wagtail_hooks as document_hooks
from .letters import wagtail_hooks as letter_hooks

__all__ = ["consultation_hooks", "document_hooks", "letter_hooks"]
