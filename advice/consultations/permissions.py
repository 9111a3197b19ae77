"""Who may import consultations, and for which councils (``council.tenancy``).

Asked by the upload form (the councils it offers), by the import tasks (a row
of another council is refused, re-checked when the import is applied) and by
the views.
"""

from council import tenancy


def import_council_ids(user):
    """The councils whose consultations the user may import (add and change); None: all."""
    may_add = tenancy.council_ids_with_perm(user, "advice.add_consultation")
    may_change = tenancy.council_ids_with_perm(user, "advice.change_consultation")
    if may_add is None or may_change is None:
        return may_add if may_change is None else may_change
    return may_add & may_change


def may_import(user):
    allowed = import_council_ids(user)
    return allowed is None or bool(allowed)
