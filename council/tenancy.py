"""Who works for which council, in which role: where tenancy is decided.

A person works for a council through an active ``Member`` row that names
their account (``Member.user``); one person may hold such a row in several
councils, each with its own role. What a role may do is the permission set of
its editor group (``council.groups``): the groups are the role table, the
memberships say in which councils a role applies. A global group alone grants
nothing in any council's records.

Superusers are platform administrators: every question here answers "all".

The answers are computed once per user object, i.e. once per request, with
two queries, whatever the number of councils. ``forget(user)`` drops them
(tests, and code that changes a membership and asks again in one request).
"""

from django.contrib.auth.models import Group

from . import groups
from .models import Member

ROLE_GROUPS = {
    Member.Role.MEMBER: groups.MEMBERS,
    Member.Role.CHAIR: groups.CHAIRS,
    Member.Role.SECRETARY: groups.CHAIRS,
    Member.Role.OFFICIAL_SUPPORT: groups.CLERKS,
}

_CACHE = "_kanttekening_tenancy"


def _is_platform_admin(user):
    return bool(user and user.is_active and user.is_superuser)


def _state(user):
    """``(roles by council id, permission names by role)`` for an ordinary user, cached."""
    state = getattr(user, _CACHE, None)
    if state is None:
        roles = {}
        if user is not None and user.is_authenticated and user.is_active:
            for council_id, role in (
                Member.objects.active().filter(user=user).values_list("council_id", "role")
            ):
                roles.setdefault(council_id, set()).add(role)
        group_perms = {}
        wanted = {ROLE_GROUPS[role] for council_roles in roles.values() for role in council_roles}
        if wanted:
            rows = Group.objects.filter(name__in=wanted).values_list(
                "name", "permissions__content_type__app_label", "permissions__codename"
            )
            for name, app_label, codename in rows:
                if codename:
                    group_perms.setdefault(name, set()).add(f"{app_label}.{codename}")
        role_perms = {
            role: frozenset(group_perms.get(name, ())) for role, name in ROLE_GROUPS.items()
        }
        state = ({pk: frozenset(r) for pk, r in roles.items()}, role_perms)
        if user is not None:
            setattr(user, _CACHE, state)
    return state


def forget(user):
    """Drop what was computed for ``user`` (after a membership changed)."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def roles_in(user, council_id):
    """The user's active roles in that council: a frozenset of ``Member.Role`` values."""
    if _is_platform_admin(user):
        return frozenset(Member.Role.values)
    return _state(user)[0].get(council_id, frozenset())


def council_ids(user, *, roles=None):
    """The ids of the councils the user works for (with one of ``roles``), or None for all."""
    if _is_platform_admin(user):
        return None
    by_council = _state(user)[0]
    if roles is None:
        return frozenset(by_council)
    wanted = set(roles)
    return frozenset(pk for pk, held in by_council.items() if held & wanted)


def council_ids_with_perm(user, perm):
    """The councils in which one of the user's roles holds ``perm`` (``"app_label.codename"``).

    None means every council (a platform administrator).
    """
    if _is_platform_admin(user):
        return None
    by_council, role_perms = _state(user)
    return frozenset(
        pk for pk, held in by_council.items() if any(perm in role_perms[role] for role in held)
    )


def permissions(user):
    """Every permission one of the user's active roles holds, in whichever council.

    What ``council.backends.MembershipBackend`` answers for ``user.has_perm``:
    admin access and the model-level rights of the roles; which records they
    reach is decided per council (``council.permissions``).
    """
    if user is None or not user.is_active:
        return frozenset()
    by_council, role_perms = _state(user)
    held = {role for roles in by_council.values() for role in roles}
    return frozenset().union(*(role_perms[role] for role in held))


def has_perm_in(user, perm, council_id):
    """May the user do ``perm`` on a record of that council?"""
    allowed = council_ids_with_perm(user, perm)
    return allowed is None or council_id in allowed
