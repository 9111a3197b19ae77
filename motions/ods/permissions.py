"""Who may import ODS into which council (``council.tenancy``).

An import creates and changes meetings, agenda items and motions, so it
needs the rights to add and change all three in that council: the clerk
(*ambtelijk secretaris*) of the council, or a platform administrator.
"""

from council import tenancy

PERMISSIONS = tuple(
    f"{app}.{action}_{model}"
    for app, model in (("agenda", "meeting"), ("agenda", "agendaitem"), ("motions", "motion"))
    for action in ("add", "change")
)


def import_council_ids(user):
    """The councils the user may import into; None: every council."""
    allowed = None
    for perm in PERMISSIONS:
        councils = tenancy.council_ids_with_perm(user, perm)
        if councils is not None:
            allowed = councils if allowed is None else allowed & councils
    return allowed


def may_import(user):
    allowed = import_council_ids(user)
    return allowed is None or bool(allowed)


def may_import_into(user, council_id):
    if user is None:
        return False
    allowed = import_council_ids(user)
    return allowed is None or council_id in allowed
