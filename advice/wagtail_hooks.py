"""Wagtail loads an app's ``wagtail_hooks`` module only: this one loads both halves' hooks."""

from .consultations import wagtail_hooks as consultation_hooks
from .letters import wagtail_hooks as letter_hooks

__all__ = ["consultation_hooks", "letter_hooks"]
