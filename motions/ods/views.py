"""Admin: upload an ODS export for one council, then watch it being imported.

Upload → the file is checked against the size limit and stored as one
``OdsImport`` → one task → the progress page, which polls its status (JSON)
once a second (``static/js/import_progress.js``) and shows the report in
place at the end. The council is chosen from those the user may import
into; another council's id in a forged POST is a form error, and the task
asks the membership again.
"""

from django import forms
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import permission_denied

from council.models import Council

from . import reading
from .jobs import OdsImport
from .permissions import import_council_ids, may_import
from .tasks import start_import


class OdsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ODS-export (JSON)"),
        help_text=gettext_lazy(
            "Een JSON-bestand met de lijsten 'vergaderingen' en 'agendapunten', en eventueel "
            "'moties' of 'informatieobjecten'."
        ),
        error_messages={"required": gettext_lazy("Kies een JSON-bestand.")},
    )
    council = forms.ModelChoiceField(
        label=gettext_lazy("Cliëntenraad"),
        queryset=Council.objects.all(),
        error_messages={
            "required": gettext_lazy("Kies de cliëntenraad."),
            "invalid_choice": gettext_lazy(
                "U kunt niet importeren bij deze cliëntenraad; kies een van de lijst."
            ),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = import_council_ids(user)
        if allowed is not None:
            self.fields["council"].queryset = Council.objects.filter(pk__in=allowed)
        if self.fields["council"].queryset.count() == 1:
            self.fields["council"].initial = self.fields["council"].queryset.get()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            if upload.size and upload.size > reading.MAX_BYTES:
                raise reading.too_large(upload.name)
            data = reading.read_bounded(upload, upload.name)
        except reading.OdsProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return upload.name, data


def _job_for(request, pk, *, defer=("data",)):
    job = get_object_or_404(OdsImport.objects.defer(*defer).select_related("council"), pk=pk)
    if not (request.user.is_superuser or job.created_by_id == request.user.pk):
        raise Http404  # another person's import: not even its existence
    return job


def upload_view(request):
    if not may_import(request.user):
        return permission_denied(request)
    bound = request.method == "POST"
    form = OdsUploadForm(*((request.POST, request.FILES) if bound else ()), user=request.user)
    if bound and form.is_valid():
        name, data = form.cleaned_data["file"]
        job = start_import(
            data=data, filename=name, council=form.cleaned_data["council"], user=request.user
        )
        return redirect("motions_ods_import_progress", job.pk)
    return TemplateResponse(
        request,
        "motions/admin/ods_import.html",
        {
            "form": form,
            "max_mb": reading.MAX_BYTES // (1024 * 1024),
            "max_objects": reading.MAX_OBJECTS,
        },
    )


def _report_html(request, job):
    return render_to_string(
        "motions/admin/ods_import_report.html",
        {
            "job": job,
            "report": job.report,
            "meetings_url": reverse("wagtailsnippets_agenda_meeting:list"),
        },
        request=request,
    )


def progress_view(request, pk):
    if not may_import(request.user):
        return permission_denied(request)
    job = _job_for(request, pk)
    return TemplateResponse(
        request,
        "motions/admin/ods_import_progress.html",
        {
            "job": job,
            "report_html": _report_html(request, job) if job.finished else "",
            "status_url": reverse("motions_ods_import_status", args=[job.pk]),
        },
    )


def status_view(request, pk):
    if not may_import(request.user):
        return permission_denied(request)
    job = _job_for(request, pk, defer=("data", "report"))
    state = job.state()
    if state["finished"]:
        job.refresh_from_db(fields=["report"])
        state["report_html"] = _report_html(request, job)
    response = JsonResponse(state)
    response["Cache-Control"] = "no-store"
    return response


def menu_label():
    return _("ODS importeren")
