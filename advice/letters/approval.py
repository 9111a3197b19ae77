"""The adoption workflow's task type: approval by a role within the letter's own council.

Kept apart from the page model it acts on (``advice.letters.models``);
``advice.models`` imports it, so Django finds the model here.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import (
    Page,
    Revision,
    Task,
    TaskState,
    Workflow,
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
        REVIEW = (
            "review",
            _(
                "een tweede persoon (de voorzitter of de secretaris als een lid de correctie maakte)"
            ),
        )

    role = models.CharField(
        _("wie keurt goed"),
        max_length=16,
        choices=Role.choices,
        default=Role.MEMBERS,
        help_text=_("Alleen wie deze rol heeft in de cliëntenraad van de brief, keurt goed."),
    )

    admin_form_fields = Task.admin_form_fields + ["role"]

    MEMBER_ROLES = frozenset({Member.Role.MEMBER, Member.Role.CHAIR, Member.Role.SECRETARY})
    CHAIR_ROLES = frozenset({Member.Role.CHAIR, Member.Role.SECRETARY})
    ROLES = {Role.MEMBERS: MEMBER_ROLES, Role.CHAIRS: CHAIR_ROLES, Role.REVIEW: MEMBER_ROLES}

    @property
    def member_roles(self):
        """The ``Member.Role`` values that may act on this task (open it, ask for changes)."""
        return self.ROLES[self.role]

    def approver_roles(self, obj, workflow_state=None):
        """The ``Member.Role`` values that may *approve* it: for a review, who made the change decides.

        A correction made (submitted or last edited) by a plain member is
        reviewed by the chair or the secretary; one made by them, by any other
        member of the council.
        """
        if self.role != self.Role.REVIEW:
            return self.member_roles
        council_id = self.council_id_of(obj)
        makers = self.makers(obj, workflow_state)
        chairs = set(
            Member.objects.active()
            .filter(council_id=council_id, user_id__in=makers, role__in=self.CHAIR_ROLES)
            .values_list("user_id", flat=True)
        )
        admins = set(
            get_user_model()
            .objects.filter(pk__in=makers, is_superuser=True)
            .values_list("pk", flat=True)
        )
        return self.MEMBER_ROLES if makers <= chairs | admins else self.CHAIR_ROLES

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
    def makers(obj, workflow_state=None):
        """The ids of who submitted the letter to this workflow and who made its latest revision."""
        if workflow_state is None:
            workflow_state = getattr(obj, "current_workflow_state", None)
        revision = obj.get_latest_revision()
        return {
            pk
            for pk in (
                workflow_state.requested_by_id if workflow_state is not None else None,
                revision.user_id if revision is not None else None,
            )
            if pk is not None
        }

    @classmethod
    def is_own_work(cls, obj, user, workflow_state=None):
        """Did ``user`` submit the letter to this workflow, or make its latest revision?

        Nobody approves their own work: not the member who submitted the letter,
        and not whoever edited it last (the latest revision's user), so a second
        person has always read the text that is approved.
        """
        if user is None or user.pk is None:
            return False
        return user.pk in cls.makers(obj, workflow_state)

    SELF_APPROVAL_REFUSED = _(
        "U kunt uw eigen voorstel niet goedkeuren: u heeft deze brief ingediend of als "
        "laatste bewerkt. Een ander lid van de cliëntenraad keurt deze stap goed."
    )
    REVIEW_BY_CHAIR = _(
        "Deze correctie is gemaakt door een lid; de voorzitter of de secretaris van de "
        "cliëntenraad beoordeelt hem."
    )
    ALREADY_APPROVED = _(
        "U heeft deze tekst al goedgekeurd (%(counted)d van de %(required)d nodige "
        "goedkeuringen); de volgende goedkeuring komt van een ander lid."
    )
    APPROVAL_RECORDED = _(
        "Uw goedkeuring is vastgelegd: %(counted)d van de %(required)d nodige goedkeuringen. "
        "De brief blijft in de bespreking tot genoeg andere leden hem goedkeuren."
    )

    def required_approvals(self, obj):
        """How many distinct members approve this step: the council's number for the discussion."""
        if self.role != self.Role.MEMBERS:
            return 1
        obj = getattr(obj, "specific_deferred", obj)
        return max(1, obj.council.discussion_approvals)

    def approval_refusal(self, obj, user, task_state=None):
        """Why ``user`` may not approve this step of ``obj`` now ("" when they may).

        Asked for the buttons (``get_actions``), by the task before it acts
        (``on_action``) and by the admin's workflow action URL, which shows the
        reason (``admin_views.workflow_action``).
        """
        workflow_state = task_state.workflow_state if task_state is not None else None
        if self.is_own_work(obj, user, workflow_state=workflow_state):
            return str(self.SELF_APPROVAL_REFUSED)
        if not user.is_superuser and not (
            tenancy.roles_in(user, self.council_id_of(obj))
            & self.approver_roles(obj, workflow_state)
        ):
            return str(self.REVIEW_BY_CHAIR)
        if task_state is None:
            task_state = getattr(obj, "current_workflow_task_state", None)
        required = self.required_approvals(obj)
        if required > 1 and task_state is not None:
            approvers = DiscussionApproval.counted(task_state, obj, self)
            if user.pk in approvers:
                return str(self.ALREADY_APPROVED) % {
                    "counted": len(approvers),
                    "required": required,
                }
        return ""

    def approve_label(self):
        """What approving this step does, in words: the chairs' step adopts, and does not publish."""
        if self.role == self.Role.CHAIRS:
            return _("Vaststellen"), _("Vaststellen met opmerking")
        if self.role == self.Role.REVIEW:
            return _("Correctie goedkeuren"), _("Correctie goedkeuren met opmerking")
        return _("Goedkeuren"), _("Goedkeuren met opmerking")

    def get_actions(self, obj, user):
        if not self.user_may_approve(obj, user):
            return []
        actions = [("reject", _("Wijzigingen vragen"), True)]
        if not self.approval_refusal(obj, user):
            approve, approve_with_comment = self.approve_label()
            actions += [("approve", approve, False), ("approve", approve_with_comment, True)]
        return actions

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        # The admin offers only get_actions(); a forged POST must not pass either.
        letter = task_state.workflow_state.content_object
        letter = getattr(letter, "specific", letter)
        if not self.user_may_approve(letter, user):
            raise PermissionDenied
        if action_name != "approve":
            return super().on_action(task_state, user, action_name, **kwargs)
        # One approval at a time per step: two members approving at once count once each.
        task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied
        refusal = self.approval_refusal(letter, user, task_state)
        if refusal:
            raise PermissionDenied(refusal)
        revision = letter.get_latest_revision()
        if self.role == self.Role.REVIEW and task_state.revision_id != revision.pk:
            # The reviewer approves the text as it is now; publishing checks that text.
            task_state.revision = revision
            task_state.save(update_fields=["revision"])
        required = self.required_approvals(letter)
        if self.role == self.Role.MEMBERS:
            DiscussionApproval.objects.get_or_create(
                task_state=task_state,
                revision=revision,
                user=user,
                defaults={"comment": kwargs.get("comment", "")},
            )
            counted = len(DiscussionApproval.counted(task_state, letter, self))
            if counted < required:
                log(
                    instance=letter,
                    action=DiscussionApproval.LOG_ACTION,
                    user=user,
                    revision=revision,
                    data={
                        "counted": counted,
                        "required": required,
                        "comment": kwargs.get("comment", ""),
                    },
                )
                return None
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


class DiscussionApproval(models.Model):
    """One member's approval of one text in the discussion step ("Bespreking door de leden").

    Wagtail's task state is approved once, by one person. A council may ask
    for more (``Council.discussion_approvals``): each approval is kept here,
    for the revision the member approved, and the task state is approved when
    enough distinct members approved the letter's current text.
    """

    LOG_ACTION = "advice.letter.discussion_approval"

    task_state = models.ForeignKey(
        TaskState, verbose_name=_("stap"), on_delete=models.CASCADE, related_name="+"
    )
    revision = models.ForeignKey(
        Revision, verbose_name=_("versie"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("goedgekeurd door"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), default=timezone.now)
    comment = models.TextField(_("opmerking"), blank=True)

    class Meta:
        ordering = ["approved_at", "pk"]
        verbose_name = _("goedkeuring in de bespreking")
        verbose_name_plural = _("goedkeuringen in de bespreking")
        constraints = [
            models.UniqueConstraint(
                fields=["task_state", "revision", "user"], name="unique_discussion_approval"
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.approved_at:%d-%m-%Y %H:%M})"

    @classmethod
    def counted(cls, task_state, letter, task):
        """The ids of the members whose approval of the letter's current text counts today.

        Not the submitter, not the last editor (a member who approved and then
        changed the text made a new text, which others approve), and only who
        still holds the role in the letter's council.
        """
        revision = letter.get_latest_revision()
        if revision is None:
            return set()
        approvers = set(
            cls.objects.filter(task_state=task_state, revision=revision).values_list(
                "user_id", flat=True
            )
        ) - task.makers(letter, task_state.workflow_state)
        if not approvers:
            return set()
        still_members = Member.objects.active().filter(
            council_id=task.council_id_of(letter), role__in=task.member_roles
        )
        return set(
            get_user_model()
            .objects.filter(pk__in=approvers, is_active=True)
            .filter(models.Q(is_superuser=True) | models.Q(pk__in=still_members.values("user_id")))
            .values_list("pk", flat=True)
        )


def review_tasks():
    """The active correction review tasks ("Correctie beoordelen")."""
    return LetterApprovalTask.objects.filter(role=LetterApprovalTask.Role.REVIEW, active=True)


def correction_workflow():
    """The active workflow a sent or published letter goes through: "Correctie"."""
    return (
        Workflow.objects.filter(active=True, workflow_tasks__task__in=review_tasks())
        .order_by("pk")
        .first()
    )


def is_correction_review(workflow):
    return workflow.workflow_tasks.filter(task__in=review_tasks()).exists()


def approved_reviews(letter):
    """The correction reviews of ``letter`` a second person approved (task states)."""
    return TaskState.objects.filter(
        status=TaskState.STATUS_APPROVED,
        task__in=LetterApprovalTask.objects.filter(role=LetterApprovalTask.Role.REVIEW),
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id=str(letter.pk),
    )


def reviewed_revision_ids(letter):
    """The revisions of ``letter`` a second person approved in a correction review."""
    return approved_reviews(letter).values_list("revision_id", flat=True)
