"""Admin: the failed-login records of django-axes, and unlocking an account.

For platform administrators only (superusers), under Instellingen >
Geblokkeerde aanmeldingen. "Ontgrendelen" removes every failure recorded for
that account, or for that address when no account was named, and logs who
did it.
"""

import logging

from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies.base import ModelPermissionPolicy

logger = logging.getLogger("council.lockouts")


class PlatformAdministratorPolicy(ModelPermissionPolicy):
    """Only platform administrators (superusers) see the records, and they only unlock."""

    ACTIONS = {"view", "delete"}

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser and action in self.ACTIONS)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.ACTIONS & set(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


class LockoutIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return []

    def get_list_buttons(self, instance):
        url = self.get_delete_url(instance)
        if not url:
            return []
        return [ListingButton(_("Ontgrendelen"), url=url, icon_name="lock-open", priority=10)]


class UnlockView(DeleteView):
    page_title = gettext_lazy("Ontgrendelen")
    template_name = "council/admin/unlock.html"

    @property
    def confirmation_message(self):
        if self.object.username:
            return _(
                "Alle mislukte aanmeldingen van account “%(username)s” worden gewist; "
                "daarna kan het zich weer aanmelden."
            ) % {"username": self.object.username}
        return _(
            "Alle mislukte aanmeldingen vanaf adres %(ip)s worden gewist; "
            "daarna kan men zich vanaf dat adres weer aanmelden."
        ) % {"ip": self.object.ip_address}

    def get_success_message(self):
        return _("Ontgrendeld: %(who)s.") % {"who": self.object.username or self.object.ip_address}

    def delete_action(self):
        attempt = self.object
        if attempt.username:
            count = reset(username=attempt.username)
        else:
            count = reset(ip=attempt.ip_address)
        logger.warning(
            "Login unlocked by %s: account %r, address %s (%d records removed)",
            self.request.user.get_username(),
            attempt.username,
            attempt.ip_address,
            count,
        )


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    name = "aanmeldpogingen"
    url_prefix = "geblokkeerde-aanmeldingen"
    icon = "lock"
    menu_label = gettext_lazy("Geblokkeerde aanmeldingen")
    add_to_settings_menu = True
    index_view_class = LockoutIndexView
    delete_view_class = UnlockView
    form_fields = [
        "username"
    ]  # no add or edit view is permitted; Wagtail wants a form all the same
    list_display = [
        "username",  # the title column, which carries the "Ontgrendelen" button
        Column("ip_address", label=gettext_lazy("Adres")),
        Column("failures_since_start", label=gettext_lazy("Mislukte pogingen")),
        Column("attempt_time", label=gettext_lazy("Laatste poging")),
    ]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    copy_view_enabled = False
