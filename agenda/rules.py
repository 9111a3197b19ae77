"""How a meeting's status reads on the public site, on a given day.

A clerk records whether a meeting was held or cancelled; a meeting still
marked "planned" after its date has simply not been updated, so the public
site then states no status rather than guess that it was held.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    """What the clerk records (``Meeting.status``)."""

    PLANNED = "planned", _("gepland")
    HELD = "held", _("gehouden")
    CANCELLED = "cancelled", _("vervallen")


def public_status(*, status, date, today):
    """``(label, tone)`` for a meeting, or ``None`` when nothing can be said."""
    if status == MeetingStatus.CANCELLED:
        return _("vervallen"), "bad"
    if status == MeetingStatus.HELD:
        return _("gehouden"), "ok"
    if date >= today:
        return _("gepland"), "ok"
    return None
