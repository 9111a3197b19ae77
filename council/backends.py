"""Admin access through memberships: an active ``Member`` row with ``user`` set is enough.

A person who works for a council gets, for as long as the membership is
active, the model-level permissions of their role's editor group
(``wagtailadmin.access_admin`` among them) without being put in the group.
Nothing has to be kept in step when a membership is created, changed,
ended or removed: ``council.tenancy`` reads the active rows once per request.
Which councils' records those permissions reach is the permission policy's
question (``council.permissions``), never this backend's.
"""

from . import tenancy


class MembershipBackend:
    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None:
            return set()
        return set(tenancy.permissions(user_obj))

    def has_perm(self, user_obj, perm, obj=None):
        return obj is None and perm in tenancy.permissions(user_obj)

    def has_module_perms(self, user_obj, app_label):
        return any(perm.startswith(f"{app_label}.") for perm in tenancy.permissions(user_obj))
