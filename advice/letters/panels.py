"""An editor panel that tells where the letter stands in its lifecycle."""

from django.urls import reverse
from wagtail.admin.panels import Panel

from council import tenancy


class LetterStatusPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "advice/admin/letter_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            letter = self.instance
            context["letter"] = letter
            if not letter.pk:
                context["is_new"] = True
                return context
            adoption = letter.adoptions.select_related("adopted_by").first()
            versions = list(letter.versions.all())
            sent = next((v for v in versions if v.kind == v.Kind.SENT), None)
            user = getattr(self.request, "user", None)
            context.update(
                adoption=adoption,
                versions=versions,
                sent_version=sent,
                may_send=(
                    adoption is not None
                    and not versions
                    and user is not None
                    and tenancy.has_perm_in(user, "advice.send_letter", letter.council_id)
                ),
                send_url=reverse("advice_letter_send", args=[letter.pk]),
            )
            return context
