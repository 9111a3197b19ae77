"""Signals the advice layer sends so that higher layers can react without being imported.

The publications layer listens to these to invalidate cached pages and
feeds; advice never imports publications.
"""

from django.dispatch import Signal

#: Sent by ``advice.services`` once a change to a consultation is committed
#: (created, changed, deleted or imported), with keyword arguments
#: ``consultation`` (the instance; for a delete, the unsaved in-memory copy),
#: ``council``, and ``verdict_changed`` (bool: the derived verdict differs
#: from before).
consultation_changed = Signal()
