"""How a meeting's status reads on the public site, on a given day.

A clerk records whether a meeting was held or cancelled; a meeting still
marked "planned" after its date has simply not been updated, so the public
site then states no status rather than guess that it was held.
"""

from django.utils.translation import gettext_lazy as _

PLANNED = "planned"
HELD = "held"
CANCELLED = "cancelled"


def public_status(*, status, date, today):
    """``(label, tone)`` for a meeting, or ``None`` when nothing can be said."""
    if status == CANCELLED:
        return _("vervallen"), "bad"
    if status == HELD:
        return _("gehouden"), "ok"
    if date >= today:
        return _("gepland"), "ok"
    return None
