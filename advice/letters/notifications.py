"""Workflow e-mail for the steps of "Vaststellen": only the letter's own council.

Wagtail mails a new task to the members of the task's groups, for a group
approval task only. ``LetterApprovalTask`` names a role, not groups, so this
notifier sends the same message (Wagtail's ``task_state_submitted``
templates) to the people who hold that role in the council of the letter
today: active ``Member`` rows with an account. Platform administrators are
included as Wagtail includes them (``WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS``).

The other workflow e-mails of Wagtail already stay within the council: the
submission notice goes to administrators only, approval and rejection (with
the reviewer's comment) to the person who submitted.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier

from council.models import Member


class CouncilRoleTaskSubmissionEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        from .approval import LetterApprovalTask

        return isinstance(instance, self.valid_classes) and isinstance(
            instance.task.specific, LetterApprovalTask
        )

    def get_recipient_users(self, task_state, **kwargs):
        task = task_state.task.specific
        letter = task_state.workflow_state.content_object
        council_id = task.council_id_of(letter)
        User = get_user_model()
        recipients = User.objects.none()
        if council_id is not None:
            # A correction of a member goes to the chair and the secretary only.
            roles = task.approver_roles(letter, task_state.workflow_state)
            recipients = User.objects.filter(
                pk__in=Member.objects.active()
                .filter(council_id=council_id, role__in=roles)
                .values("user_id")
            )
        if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
            recipients = recipients | User.objects.filter(is_superuser=True)
        triggering_user = kwargs.get("user")
        if triggering_user is not None:
            recipients = recipients.exclude(pk=triggering_user.pk)
        return recipients


council_role_task_submission_email_notifier = CouncilRoleTaskSubmissionEmailNotifier()
