"""The adoption workflow's task type: approval by a role within the letter's own council.

Kept apart from the page model it acts on (``advice.letters.models``);
``advice.models`` imports it, so Django finds the model here.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import (
    Page,
    Task,
    TaskState,
)

from council import tenancy
from council.models import Member

from .models import LetterPage


class LetterApprovalTask(Task):
    """A step of "Vaststellen", approved by a role *in the letter's own council*.

    One workflow serves every council: the task does not name groups of
    people but a role ("members": members, chairs and secretaries; "chairs":
    chairs and secretaries), and asks ``council.tenancy`` at request time who
    holds that role in the council of the letter on the task. A membership
    that ends or is removed takes the action away at once, also for a task
    that is already open.

    The workflow is assigned at the root of the page tree so that every
    council page, now and later, passes it to its letters. The home and
    council pages inherit it too; for them the task steps aside (skipped at
    once, no notification, no editor access), so an administrator's
    submission of such a page ends in Wagtail's default.
    """

    class Role(models.TextChoices):
        MEMBERS = "members", _("de leden (ook voorzitter en secretaris)")
        CHAIRS = "chairs", _("de voorzitter of de secretaris")

    role = models.CharField(
        _("wie keurt goed"),
        max_length=16,
        choices=Role.choices,
        default=Role.MEMBERS,
        help_text=_("Alleen wie deze rol heeft in de cliëntenraad van de brief, keurt goed."),
    )

    admin_form_fields = Task.admin_form_fields + ["role"]

    ROLES = {
        Role.MEMBERS: frozenset({Member.Role.MEMBER, Member.Role.CHAIR, Member.Role.SECRETARY}),
        Role.CHAIRS: frozenset({Member.Role.CHAIR, Member.Role.SECRETARY}),
    }

    @property
    def member_roles(self):
        """The ``Member.Role`` values that approve this task."""
        return self.ROLES[self.role]

    @staticmethod
    def council_id_of(obj):
        """The council of a letter; None for anything else."""
        obj = getattr(obj, "specific_deferred", obj)
        return obj.council_id if isinstance(obj, LetterPage) else None

    def user_may_approve(self, obj, user):
        """Does ``user`` hold this task's role in the council of ``obj`` today?"""
        if user is None or not user.is_active:
            return False
        if user.is_superuser:
            return True
        council_id = self.council_id_of(obj)
        return council_id is not None and bool(
            tenancy.roles_in(user, council_id) & self.member_roles
        )

    def start(self, workflow_state, user=None):
        obj = workflow_state.content_object
        if not isinstance(obj.specific_deferred, LetterPage):
            task_state = self.get_task_state_class()(
                workflow_state=workflow_state,
                revision=obj.get_latest_revision(),
                task=self,
                status=TaskState.STATUS_SKIPPED,
                finished_at=timezone.now(),
                finished_by=user,
            )
            task_state.save()
            return task_state
        # As Wagtail's group task does: a lock held by someone who may not act on
        # this step is released, so the step's approvers can work.
        if obj.locked_by_id and not self.user_may_approve(obj, obj.locked_by):
            obj.locked, obj.locked_by, obj.locked_at = False, None, None
            obj.save(update_fields=["locked", "locked_by", "locked_at"])
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self.user_may_approve(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_may_approve(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_may_approve(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    @staticmethod
    def is_own_work(obj, user, workflow_state=None):
        """Did ``user`` submit the letter to this workflow, or make its latest revision?

        Nobody approves their own work: not the member who submitted the letter,
        and not whoever edited it last (the latest revision's user), so a second
        person has always read the text that is approved.
        """
        if user is None or user.pk is None:
            return False
        if workflow_state is None:
            workflow_state = getattr(obj, "current_workflow_state", None)
        if workflow_state is not None and workflow_state.requested_by_id == user.pk:
            return True
        revision = obj.get_latest_revision()
        return revision is not None and revision.user_id == user.pk

    SELF_APPROVAL_REFUSED = _(
        "U kunt uw eigen inzending niet goedkeuren: u heeft deze brief ingediend of als "
        "laatste bewerkt. Een ander lid van de cliëntenraad keurt deze stap goed."
    )

    def approve_label(self):
        """What approving this step does, in words: the chairs' step adopts, and does not publish."""
        if self.role == self.Role.CHAIRS:
            return _("Vaststellen"), _("Vaststellen met opmerking")
        return _("Goedkeuren"), _("Goedkeuren met opmerking")

    def get_actions(self, obj, user):
        if not self.user_may_approve(obj, user):
            return []
        actions = [("reject", _("Wijzigingen vragen"), True)]
        if not self.is_own_work(obj, user):
            approve, approve_with_comment = self.approve_label()
            actions += [("approve", approve, False), ("approve", approve_with_comment, True)]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        # The admin offers only get_actions(); a forged POST must not pass either.
        letter = task_state.workflow_state.content_object
        if not self.user_may_approve(letter, user):
            raise PermissionDenied
        if action_name == "approve" and self.is_own_work(
            letter, user, workflow_state=task_state.workflow_state
        ):
            raise PermissionDenied(self.SELF_APPROVAL_REFUSED)
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        open_states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if not user.is_active:
            return TaskState.objects.none()
        if user.is_superuser:
            return open_states
        council_ids = tenancy.council_ids(user, roles=self.member_roles)
        if not council_ids:
            return TaskState.objects.none()
        letter_ids = LetterPage.objects.filter(council_id__in=council_ids).values_list(
            Cast("pk", output_field=models.CharField()), flat=True
        )
        return open_states.filter(
            workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
            workflow_state__object_id__in=letter_ids,
        )

    @classmethod
    def get_description(cls):
        return _("Wie de gekozen rol heeft in de cliëntenraad van de brief, keurt deze stap goed.")

    class Meta:
        verbose_name = _("goedkeuring door de rol binnen de eigen cliëntenraad")
        verbose_name_plural = _("goedkeuringen door de rol binnen de eigen cliëntenraad")
