"""Who may touch which council's records in the admin: one permission policy per kind of record.

``council.tenancy`` says in which councils a user holds which permission
(roles from active memberships, the editor groups as the role table). The
policy here applies that to a model through the path from a record to the
council that owns it (``council``, ``meeting__council``, …):

- ``user_has_permission(user, action)``: the user may do it in at least one
  council (menus, buttons, which views open at all);
- ``user_has_permission_for_instance``: the user may do it in the council
  that owns *that* record;
- ``instances_user_has_(any_)permission_for``: the records of those
  councils, as one filtered queryset (listings, exports, choosers).

``CouncilScopedViewSetMixin`` makes every view of a snippet viewset ask the
policy: the listing and its exports, every view of one record (edit,
inspect, delete, history, revisions, usage, preview), the bulk actions and
the chooser; the forms offer only the user's councils and what belongs to
them, so a forged POST with another council's id is a form error.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.utils.functional import classproperty
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.models import IndexView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models

from . import tenancy
from .models import Council, Member, MunicipalBody, Municipality

#: Actions that let a user see a record at all.
SEE = ("view", "change", "delete")

#: What a view of one record needs in the record's council, by the view's name, for
#: the views that do not say so themselves (``permission_required``).
OBJECT_VIEW_ACTIONS = {
    "edit": ("change",),
    "delete": ("delete",),
    "revisions_revert": ("change",),
    "revisions_compare": ("change",),
    "revisions_unschedule": ("change",),
    "preview_on_edit": ("change",),
    "lock": ("change",),
    "unlock": ("change",),
    "unpublish": ("change",),
    "copy": ("add",),
}


class CouncilPermissionPolicy(ModelPermissionPolicy):
    """A model permission policy whose answer depends on the council that owns the record.

    ``council_path`` leads from the record to its council's id field
    (``"council"``, ``"meeting__council"``; ``"pk"`` for the council itself).
    """

    def __init__(self, model, council_path="council"):
        super().__init__(model)
        self.council_path = council_path

    # --- which councils ---------------------------------------------------------------------

    def _perm(self, action):
        return f"{self.app_label}.{self._get_permission_codename(action)}"

    def council_ids_for(self, user, actions):
        """Councils in which the user may do one of ``actions``; None means every council."""
        allowed = set()
        for action in actions:
            ids = tenancy.council_ids_with_perm(user, self._perm(action))
            if ids is None:
                return None
            allowed |= ids
        return frozenset(allowed)

    # --- records of those councils ------------------------------------------------------------

    def filter_by_councils(self, queryset, council_ids):
        """``queryset`` narrowed to the records of ``council_ids`` (None: unchanged); one query."""
        if council_ids is None:
            return queryset
        if self.council_path == "pk":
            return queryset.filter(pk__in=council_ids)
        return queryset.filter(**{f"{self.council_path}__in": council_ids})

    def council_ids_of(self, instance):
        """The ids of the councils that own ``instance``."""
        if self.council_path == "pk":
            return {instance.pk}
        value = instance
        *steps, last = self.council_path.split("__")
        for step in steps:
            value = getattr(value, step, None)
            if value is None:
                return set()
        council_id = getattr(value, f"{last}_id", None)
        return {council_id} if council_id is not None else set()

    # --- the policy -------------------------------------------------------------------------------

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, [action])

    def user_has_any_permission(self, user, actions):
        ids = self.council_ids_for(user, actions)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        ids = self.council_ids_for(user, actions)
        if ids is None:
            return True
        return bool(ids & self.council_ids_of(instance))

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def instances_user_has_any_permission_for(self, user, actions):
        return self.filter_by_councils(
            self.model._default_manager.all(), self.council_ids_for(user, actions)
        )

    def users_with_any_permission(self, actions):
        perms = self._get_permission_objects_for_actions(actions)
        names = set(
            Group.objects.filter(permissions__in=perms).values_list("name", flat=True).distinct()
        )
        roles = [role for role, name in tenancy.ROLE_GROUPS.items() if name in names]
        members = Member.objects.active().filter(role__in=roles, user__isnull=False)
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(pk__in=members.values("user")))
        )

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.users_with_any_permission(actions).filter(
            Q(is_superuser=True)
            | Q(
                pk__in=Member.objects.active()
                .filter(council_id__in=self.council_ids_of(instance))
                .values("user")
            )
        )


class MunicipalBodyPermissionPolicy(CouncilPermissionPolicy):
    """Bodies belong to a municipality: a user reaches those of the municipalities their councils advise."""

    def __init__(self, model=MunicipalBody):
        super().__init__(model, council_path=None)

    def filter_by_councils(self, queryset, council_ids):
        if council_ids is None:
            return queryset
        return queryset.filter(municipality__in=advised_municipalities(council_ids))

    def council_ids_of(self, instance):
        return set(
            Council.objects.filter(
                Q(municipality_id=instance.municipality_id)
                | Q(municipalities=instance.municipality_id)
            ).values_list("pk", flat=True)
        )


def advised_municipalities(council_ids):
    """The municipalities the councils advise (primary and further ones), as a subquery."""
    return Municipality.objects.filter(
        Q(councils__in=council_ids) | Q(advising_councils__in=council_ids)
    ).values("pk")


def scope_to_councils(queryset, council_ids):
    """``queryset`` narrowed to what belongs to ``council_ids``, for form fields and filters."""
    if council_ids is None:
        return queryset
    if queryset.model is Municipality:
        return queryset.filter(pk__in=advised_municipalities(council_ids))
    policy = policy_registry.get_by_type(queryset.model, fallback=False)
    if isinstance(policy, CouncilPermissionPolicy):
        return policy.filter_by_councils(queryset, council_ids)
    opts = queryset.model._meta
    field = next((f for f in opts.concrete_fields if f.name == "council"), None)
    if field is not None and field.related_model is Council:
        return queryset.filter(council__in=council_ids)
    return queryset


# --- Views ------------------------------------------------------------------------------------------


def _policy(model):
    return policy_registry.get_by_type(model)


class CouncilScopedIndexMixin:
    """The listing (and its CSV/XLSX export) holds only the records the user may see."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        return _policy(self.model).filter_by_councils(
            queryset, _policy(self.model).council_ids_for(self.request.user, SEE)
        )


class CouncilScopedObjectMixin:
    """A view of one record of another council answers 404; forms offer only the user's councils."""

    def dispatch(self, request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and self.model is not None:
            policy = _policy(self.model)
            actions = self.council_actions()
            ids = policy.council_ids_for(request.user, actions)
            record = self.model._default_manager.filter(pk=pk)
            if not policy.filter_by_councils(record, ids).exists():
                # Another council's record does not exist for this user; their
                # own council's record, beyond their role, is refused as Wagtail does.
                seen = policy.filter_by_councils(record, policy.council_ids_for(request.user, SEE))
                if seen.exists():
                    return permission_denied(request)
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def council_actions(self):
        """What the view needs in the record's council: what Wagtail checks it needs anywhere."""
        if getattr(self, "permission_required", None):
            return (self.permission_required,)
        if getattr(self, "any_permission_required", None):
            return tuple(self.any_permission_required)
        return OBJECT_VIEW_ACTIONS.get(getattr(self, "view_name", ""), SEE)

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        action = "change" if getattr(self, "object", None) is not None else "add"
        if getattr(form, "instance", None) is not None and form.instance.pk:
            action = "change"
        ids = _policy(self.model).council_ids_for(self.request.user, [action])
        restrict_form(form, ids)
        return form


def restrict_form(form, council_ids):
    """Every record select of ``form`` offers only what belongs to ``council_ids``.

    Municipal bodies are left to the model's own check (a body of one of the
    record's council's municipalities), which says in Dutch which to choose;
    the council select is restricted, so that check already keeps to the
    user's councils.
    """
    if council_ids is None:
        return
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model is not MunicipalBody:
            field.queryset = scope_to_councils(queryset, council_ids)


class CouncilScopedChooserMixin:
    """The chooser lists, and returns, only the records of the user's councils."""

    def get_object_list(self, *args, **kwargs):
        queryset = super().get_object_list(*args, **kwargs)
        policy = _policy(self.model_class)
        return policy.filter_by_councils(queryset, policy.council_ids_for(self.request.user, SEE))

    def _allowed(self):
        policy = _policy(self.model_class)
        return policy.filter_by_councils(
            self.model_class._default_manager.all(),
            policy.council_ids_for(self.request.user, SEE),
        )

    def get_object(self, pk):
        return self._allowed().get(pk=pk)

    def get_objects(self, pks):
        return self._allowed().filter(pk__in=pks)


def _scoped(view_class, *mixins):
    return type(f"CouncilScoped{view_class.__name__}", (*mixins, view_class), {})


class CouncilScopedChooserViewSetMixin:
    def construct_view(self, view_class, **kwargs):
        return super().construct_view(_scoped(view_class, CouncilScopedChooserMixin), **kwargs)


class CouncilScopedViewSetMixin:
    """Put before ``SnippetViewSet``; the model's policy must be a ``CouncilPermissionPolicy``."""

    def __init__(self, *args, **kwargs):
        self.chooser_viewset_class = _scoped(
            self.chooser_viewset_class, CouncilScopedChooserViewSetMixin
        )
        super().__init__(*args, **kwargs)

    def construct_view(self, view_class, **kwargs):
        if issubclass(view_class, IndexView):
            view_class = _scoped(view_class, CouncilScopedIndexMixin)
        else:
            view_class = _scoped(view_class, CouncilScopedObjectMixin)
        return super().construct_view(view_class, **kwargs)


class CouncilScopedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, offered only the records of the user's councils."""

    @classproperty
    def models(cls):
        return [
            model
            for model in get_snippet_models()
            if isinstance(
                policy_registry.get_by_type(model, fallback=False), CouncilPermissionPolicy
            )
        ]

    def _allowed(self):
        policy = _policy(self.model)
        return policy.instances_user_has_any_permission_for(self.request.user, SEE)

    def get_queryset(self, model, object_ids):
        return get_list_or_404(self._allowed(), pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        return self._allowed().values_list("pk", flat=True)
