"""Admin hooks of letters.

The Publish button of a letter runs through ``letter_publish``: Wagtail
saves the revision as usual, then this hook publishes it through the service
(which checks adoption, sending and the change note, and records the
version) instead of Wagtail's own publish step. A refusal leaves the saved
draft and says why.

Page permissions come from council membership: the policy of
``.permissions`` is registered here for every page, before any admin view
asks. New workflow tasks are mailed to the letter's council only
(``.notifications``).

Wagtail loads only ``advice.wagtail_hooks``, which imports this module.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.admin.action_menu import PublishMenuItem, WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.models import Page, TaskState
from wagtail.permissions import register_permission_policy
from wagtail.signals import task_submitted

from .admin_views import readability_hint, send_letter, version_pdf, version_text
from .approval import DiscussionApproval
from .import_views import progress_view, status_view, upload_view
from .models import LetterPage
from .notifications import council_role_task_submission_email_notifier
from .permissions import CouncilPagePermissionPolicy, may_import_letters
from .rules import LetterNotPublishable
from .services import letter_publish

register_permission_policy(Page, CouncilPagePermissionPolicy(Page))
task_submitted.connect(
    council_role_task_submission_email_notifier,
    sender=TaskState,
    dispatch_uid="advice_letter_task_submitted_email_notification",
)


@hooks.register("before_publish_page")
def publish_letters_through_the_service(request, page):
    if not isinstance(page, LetterPage):
        return None
    change_kind, change_note = getattr(page, "pending_change", ("", ""))
    edit = redirect("wagtailadmin_pages:edit", page.pk)
    try:
        version = letter_publish(
            letter=page,
            revision=page.latest_revision,
            user=request.user,
            change_kind=change_kind,
            change_note=change_note,
        )
    except LetterNotPublishable as refusal:
        messages.error(
            request,
            _("Opgeslagen als concept, niet gepubliceerd. %(reason)s") % {"reason": refusal},
        )
        return edit
    except PublishPermissionError:
        messages.error(request, _("Opgeslagen als concept. U mag deze brief niet publiceren."))
        return edit
    if version is not None and version.kind == "correction":
        message = _("De brief '%(title)s' is gepubliceerd, met een openbare correctie.")
    elif version is not None and version.kind == "minor":
        message = _("De brief '%(title)s' is gepubliceerd, met een kleine wijziging.")
    else:
        message = _("De brief '%(title)s' is gepubliceerd.")
    messages.success(request, message % {"title": page.title})
    return edit


@hooks.register("construct_page_action_menu")
def label_letter_actions_by_what_they_do(menu_items, request, context):
    """On a letter, each button says what it does.

    Wagtail calls the approval of a workflow's last step "… en publiceren";
    for a letter that step adopts ("Vaststellen") and publishes nothing
    (``workflows.finish_workflow``), so the task's own labels are restored.
    Publishing is a step of its own: "Publiceren".
    """
    page = context.get("page")
    if not isinstance(page, LetterPage):
        return
    task = page.current_workflow_task
    labels = {}
    if task is not None:
        for name, label, modal in task.specific.get_actions(page, request.user):
            labels.setdefault((name, modal), label)
    for item in menu_items:
        if isinstance(item, WorkflowMenuItem) and (item.name, item.launch_modal) in labels:
            item.label = labels[item.name, item.launch_modal]
        elif isinstance(item, PublishMenuItem):
            item.label = _("Publiceren")


@hooks.register("before_delete_page")
def keep_adopted_letters(request, page):
    """An adopted (or sent) letter is the council's decision: refuse its deletion, with the reason.

    Its adoption record protects the adopted revision, so the delete would
    otherwise end in a ProtectedError (a server error). This runs before the
    confirmation page and before the delete itself.
    """
    adopted = LetterPage.objects.descendant_of(page, inclusive=True).filter(
        Q(adoptions__isnull=False) | Q(versions__isnull=False)
    )
    if not adopted.exists():
        return None
    letter = page.specific_deferred
    if isinstance(letter, LetterPage):
        reason = _(
            "De brief '%(title)s' is vastgesteld (kenmerk %(reference)s) en kan niet worden "
            "verwijderd: een vastgestelde brief blijft bewaard als besluit van de cliëntenraad."
        ) % {"title": letter.title, "reference": letter.reference or _("onbekend")}
    else:
        reason = _(
            "'%(title)s' kan niet worden verwijderd: er staan %(count)d vastgestelde brieven "
            "onder, en die blijven bewaard als besluit van de cliëntenraad."
        ) % {"title": page.title, "count": adopted.distinct().count()}
    messages.error(request, reason)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def publish_letters_one_at_a_time(request, action_type, objects, action_view):
    """Bulk publishing skips the change note and the checks' messages: not for letters."""
    if action_type != "publish" or not any(
        isinstance(page.specific_deferred, LetterPage) for page in objects
    ):
        return None
    messages.error(
        request,
        _(
            "Brieven worden niet in bulk gepubliceerd. Publiceer een brief vanuit de editor: "
            "daar wordt gecontroleerd of hij is vastgesteld en verzonden, en vraagt een "
            "gewijzigde tekst om een wijzigingsnotitie."
        ),
    )
    return redirect(action_view.next_url)


@hooks.register("before_move_page")
def letters_stay_under_their_council(request, page, destination):
    """A letter belongs to the council it was written for: nobody moves it, not even an
    administrator (its reference and its council would no longer match its place)."""
    if isinstance(page.specific_deferred, LetterPage):
        raise PermissionDenied


@hooks.register("register_log_actions")
def register_letter_log_actions(actions):
    @actions.register_action(DiscussionApproval.LOG_ACTION)
    class DiscussionApprovalFormatter(LogFormatter):
        label = _("Goedgekeurd in de bespreking")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _(
                "Goedgekeurd in de bespreking (%(counted)s van de %(required)s nodige "
                "goedkeuringen)."
            ) % {"counted": data.get("counted", "?"), "required": data.get("required", "?")}

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("comment", "")


@hooks.register("register_admin_urls")
def register_letter_urls():
    return [
        path("brieven/<int:letter_id>/verzenden/", send_letter, name="advice_letter_send"),
        path(
            "brieven/<int:letter_id>/versies/<int:number>/pdf/",
            version_pdf,
            name="advice_letter_version_pdf",
        ),
        path(
            "brieven/<int:letter_id>/versies/<int:number>/tekst/",
            version_text,
            name="advice_letter_version_text",
        ),
        path("brieven/leesbaarheid/", readability_hint, name="advice_letter_readability"),
        path("brieven/importeren/", upload_view, name="advice_letter_import"),
        path("brieven/importeren/<int:pk>/", progress_view, name="advice_letter_import_progress"),
        path(
            "brieven/importeren/<int:pk>/status/",
            status_view,
            name="advice_letter_import_status",
        ),
    ]


class LetterImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import_letters(request.user)


@hooks.register("register_admin_menu_item")
def register_letter_import_menu_item():
    return LetterImportMenuItem(
        _("Brieven importeren"), reverse("advice_letter_import"), icon_name="upload", order=290
    )
