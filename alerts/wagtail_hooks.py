from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Subscriber


class PlatformAdministratorsOnly(ModelPermissionPolicy):
    """Addresses are for platform administrators: they look one up and remove it on request."""

    ACTIONS = {"view", "delete"}

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser and action in self.ACTIONS)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if not self.ACTIONS & set(actions):
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    menu_label = _("Abonnees")
    icon = "mail"
    add_to_settings_menu = True
    list_display = ["email", "created_at", "confirmed_at"]
    search_fields = ["email"]
    ordering = ["email"]


register_permission_policy(Subscriber, PlatformAdministratorsOnly(Subscriber))
register_snippet(SubscriberViewSet)


@hooks.register("register_admin_urls")
def register_count_urls():
    return admin_views.urlpatterns()


@hooks.register("register_admin_menu_item")
def register_count_menu_item():
    return MenuItem(
        _("Volgers"), reverse("alerts_counts"), name="volgers", icon_name="mail", order=10900
    )
