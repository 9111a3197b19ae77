"""Admin: the outgoing e-mail queue, for administrators (a message may concern any council)."""

from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .mail import OutgoingMail


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The queue is a record of what was sent: nobody adds, edits or deletes a row
    in the admin, administrators included; the worker alone writes it."""

    WRITE_ACTIONS = frozenset({"add", "change", "delete", "copy"})

    def user_has_permission(self, user, action):
        if action in self.WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class OutgoingMailViewSet(SnippetViewSet):
    model = OutgoingMail
    menu_label = _("Uitgaande e-mail")
    icon = "mail"
    add_to_settings_menu = True
    inspect_view_enabled = True
    list_display = ["subject", "recipients", "status", "attempts", "last_error", "created_at"]
    list_filter = ["status"]
    search_fields = ["subject", "recipients"]
    ordering = ["-created_at"]


register_permission_policy(OutgoingMail, ReadOnlyPermissionPolicy(OutgoingMail))
register_snippet(OutgoingMailViewSet)
