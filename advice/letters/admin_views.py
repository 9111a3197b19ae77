"""The admin view in which a chair or secretary records that a letter was sent."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from council import tenancy

from .forms import SendForm
from .models import LetterPage
from .rules import LetterNotPublishable, LetterNotSendable, send_refusal
from .services import letter_publish, letter_send


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
            if form.cleaned_data["publish"]:
                letter_publish(letter=letter, revision=version.revision, user=request.user)
        except (LetterNotSendable, LetterNotPublishable) as refusal:
            messages.error(request, str(refusal))
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
