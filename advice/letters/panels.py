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
            context["has_summary"] = any(letter.summary_state)
            if not letter.pk:
                context["is_new"] = True
                return context
            workflow_state = letter.current_workflow_state
            if workflow_state is not None:
                task = letter.current_workflow_task
                task = task.specific if task is not None else None
                context.update(
                    workflow_state=workflow_state,
                    task=task,
                    next_role=task.get_role_display() if hasattr(task, "get_role_display") else "",
                    own_work=task is not None
                    and user_is_author(task, letter, getattr(self.request, "user", None)),
                )
            adoption = letter.adoptions.select_related("adopted_by").first()
            versions = list(letter.versions.select_related("recorded_by"))
            for version in versions:
                version.admin_pdf_url = reverse(
                    "advice_letter_version_pdf", args=[letter.pk, version.number]
                )
                version.admin_text_url = reverse(
                    "advice_letter_version_text", args=[letter.pk, version.number]
                )
            sent = next((v for v in versions if v.kind == v.Kind.SENT), None)
            if versions and workflow_state is None and letter.latest_revision_id:
                from .approval import approved_reviews

                if letter.live_revision_id != letter.latest_revision_id:
                    context["approved_review"] = (
                        approved_reviews(letter)
                        .filter(revision_id=letter.latest_revision_id)
                        .select_related("finished_by")
                        .order_by("-finished_at")
                        .first()
                    )
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


def user_is_author(task, letter, user):
    """Did ``user`` submit or last edit the letter, so that someone else must approve?"""
    is_own_work = getattr(task, "is_own_work", None)
    return bool(is_own_work and user is not None and is_own_work(letter, user))


class ReadabilityPanel(Panel):
    """A hint beside the summary and the body: readability figures, recomputed as one types.

    The figures come from ``admin_views.readability_hint`` (``.readability``);
    ``static/js/readability_hint.js`` sends the typed text there, debounced.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "advice/admin/readability_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                url=reverse("advice_letter_readability"),
                council_id=self.instance.council_id or "",
            )
            return context
