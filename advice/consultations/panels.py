"""An editor panel with the consultation's verdict."""

from wagtail.admin.panels import Panel


class ConsultationVerdictPanel(Panel):
    """The verdict as the saved record stands, with its sentences, at the top of the form."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "advice/admin/consultation_verdict_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            consultation = self.instance
            if consultation.pk:
                # The stored record, not the form's unsaved (perhaps refused) values.
                stored = (
                    type(consultation).objects.select_related("council").get(pk=consultation.pk)
                )
                context["judgement"] = stored.judgement()
                context["public_url"] = stored.get_absolute_url()
            return context
