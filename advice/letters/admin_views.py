"""Admin views of letters: recording the sending, the frozen versions, and the workflow action."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import TaskState

from council import tenancy
from council.models import Council

from ..markdown import render_markdown
from ..text import html_to_text
from . import readability
from .approval import DiscussionApproval, LetterApprovalTask
from .forms import SendForm
from .models import LetterPage
from .rules import LetterNotPublishable, LetterNotSendable, send_refusal
from .services import letter_publish, letter_send, revision_to_publish_after_sending


def send_letter(request, letter_id):
    letter = get_object_or_404(LetterPage, pk=letter_id)
    # The role in the letter's council decides, not a global group.
    if not (
        tenancy.has_perm_in(request.user, "advice.send_letter", letter.council_id)
        and letter.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    edit_url = redirect("wagtailadmin_pages:edit", letter.pk)
    refusal = send_refusal(adopted=letter.adoptions.exists(), has_versions=letter.versions.exists())
    if refusal:
        messages.error(request, refusal)
        return edit_url

    initial = {"sent_to": letter.addressee.name if letter.addressee else ""}
    form = SendForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = letter_send(
                letter=letter,
                sent_on=form.cleaned_data["sent_on"],
                sent_to=form.cleaned_data["sent_to"],
                sent_by=request.user,
            )
        except LetterNotSendable as refusal:
            messages.error(request, str(refusal))
            return edit_url
        if form.cleaned_data["publish"]:
            try:
                letter_publish(
                    letter=letter,
                    revision=revision_to_publish_after_sending(letter, version.revision),
                    user=request.user,
                )
            except LetterNotPublishable as refusal:
                messages.error(
                    request,
                    _("De verzending is vastgelegd, maar de brief is niet gepubliceerd. %(reason)s")
                    % {"reason": refusal},
                )
                return edit_url
        if form.cleaned_data["publish"]:
            messages.success(
                request, _("De verzending is vastgelegd en de verzonden versie is gepubliceerd.")
            )
        else:
            messages.success(
                request, _("De verzending is vastgelegd. De brief is nog niet gepubliceerd.")
            )
        return edit_url

    return TemplateResponse(
        request,
        "advice/admin/send_letter.html",
        {"letter": letter, "form": form, "adoption": letter.adoptions.first()},
    )


wagtail_workflow_action = WorkflowActionView.as_view()


def workflow_action(request, page_id, action_name, task_state_id):
    """Wagtail's workflow action URL, saying in Dutch why an approval is refused.

    Wagtail checks an action against the task's offered actions and answers a
    refusal with its generic "no access" message. For a letter's step, a
    person who may act on the step but may not approve now (their own text,
    already approved, a member's correction) gets the reason instead, back on
    the letter, and nothing changes. Everything else is Wagtail's own view,
    which this URL precedes (``config/urls.py``).
    """
    task_state = (
        TaskState.objects.filter(
            pk=task_state_id,
            workflow_state__object_id=str(page_id),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        .select_related("workflow_state")
        .first()
        if action_name == "approve"
        else None
    )
    task = task_state.task.specific if task_state is not None else None
    if isinstance(task, LetterApprovalTask):
        letter = task_state.workflow_state.content_object
        letter = getattr(letter, "specific", letter)
        if task.user_may_approve(letter, request.user):
            refusal = task.approval_refusal(letter, request.user, task_state)
            if refusal:
                messages.error(request, refusal)
                edit_url = reverse("wagtailadmin_pages:edit", args=[letter.pk])
                if request.headers.get("x-requested-with") == "XMLHttpRequest":
                    return render_modal_workflow(
                        request, "", None, {}, json_data={"step": "success", "redirect": edit_url}
                    )
                return redirect(edit_url)
    response = wagtail_workflow_action(
        request, page_id=page_id, action_name=action_name, task_state_id=task_state_id
    )
    if isinstance(task, LetterApprovalTask) and task.role == task.Role.MEMBERS:
        _say_how_many_approved(request, task, task_state)
    return response


def _say_how_many_approved(request, task, task_state):
    """After an approval that does not yet complete the discussion: how many there are."""
    task_state.refresh_from_db()
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        return
    letter = task_state.workflow_state.content_object
    letter = getattr(letter, "specific", letter)
    counted = DiscussionApproval.counted(task_state, letter, task)
    if request.user.pk in counted:
        messages.success(
            request,
            str(task.APPROVAL_RECORDED)
            % {"counted": len(counted), "required": task.required_approvals(letter)},
        )


def _letter_of_own_council(request, letter_id):
    """The letter, for a member, chair or secretary of its council (and administrators).

    Anyone else gets 404: another council's letter is not even said to exist.
    Clerks (ambtelijk secretaris) work with no letters.
    """
    letter = get_object_or_404(LetterPage.objects.select_related("council"), pk=letter_id)
    user = request.user
    if not (
        user.is_superuser
        or tenancy.roles_in(user, letter.council_id) & LetterApprovalTask.MEMBER_ROLES
    ):
        raise Http404
    return letter


def _private(response):
    """A frozen version is read in the admin only: never stored by a browser or a proxy."""
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def version_pdf(request, letter_id, number):
    """The stored PDF of version ``number``: what the municipality received, published or not."""
    letter = _letter_of_own_council(request, letter_id)
    version = get_object_or_404(letter.versions.select_related("letter"), number=number)
    return _private(version.pdf_response())


def version_text(request, letter_id, number):
    """The exact text of version ``number``, the one its fingerprint (SHA-256) is taken of."""
    letter = _letter_of_own_council(request, letter_id)
    version = get_object_or_404(letter.versions.select_related("letter"), number=number)
    return _private(version.text_response())


#: The longest text the readability hint counts (a long letter is some 30,000 characters).
READABILITY_MAX_CHARS = 100_000


@require_POST
def readability_hint(request):
    """The readability figures of a text typed in the letter editor, as JSON.

    POST ``text``, ``part`` ("summary": plain text; "body": the body's
    blocks, Markdown) and ``council`` (the letter's council, whose own
    officialese counts too). For members, chairs and secretaries of that
    council, and administrators; anyone else gets 404. Bad input gets a 400
    with a Dutch ``error``, never a server error.
    """
    council_id = request.POST.get("council", "")
    if not council_id.isdigit():
        return _hint_error(_("Onbekende cliëntenraad."), status=400)
    council = Council.objects.filter(pk=int(council_id)).first()
    user = request.user
    if council is None or not (
        user.is_superuser or tenancy.roles_in(user, council.pk) & LetterApprovalTask.MEMBER_ROLES
    ):
        return _hint_error(_("Onbekende cliëntenraad."), status=404)
    part = request.POST.get("part", "")
    if part not in ("summary", "body"):
        return _hint_error(_("Kies 'summary' of 'body'."), status=400)
    text = request.POST.get("text", "")
    if len(text) > READABILITY_MAX_CHARS:
        return _hint_error(
            _("Deze tekst is te lang om te tellen (meer dan %(max)s tekens).")
            % {"max": f"{READABILITY_MAX_CHARS:,}".replace(",", ".")},
            status=413,
        )
    if part == "body":
        text = html_to_text(render_markdown(text))
    figures = readability.readability(text, readability.officialese_words(council.slug))
    response = JsonResponse(figures.as_dict())
    response["Cache-Control"] = "private, no-store"
    return response


def _hint_error(message, *, status):
    response = JsonResponse({"error": message}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
