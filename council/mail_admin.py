"""Admin: the outgoing e-mail queue, for administrators (a message may concern any council)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .mail import OutgoingMail


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


register_snippet(OutgoingMailViewSet)
