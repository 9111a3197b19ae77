"""Admin: upload letter files (a zip or several .md files), then watch them being imported.

Upload → the files are checked against the limits (``.uploads``) and stored
as one import → one task per file → the progress page, which polls its
status (JSON) once a second and updates the bar and, at the end, the report
in place. Only members who may add letters in a council may upload; each
file is imported only into a council where the uploader may write it
(``permissions.refuse_outside_scope``, asked by the task).
"""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.auth import permission_denied

from . import uploads
from .import_jobs import LetterImport, Status
from .import_tasks import enqueue_files, start_import
from .permissions import may_import_letters


def _job_for(request, pk):
    job = get_object_or_404(LetterImport, pk=pk)
    if not (request.user.is_superuser or job.created_by_id == request.user.pk):
        raise Http404  # another person's import: not even its existence
    return job


def upload_view(request):
    if not may_import_letters(request.user):
        return permission_denied(request)
    form = uploads.LetterUploadForm(
        *((request.POST, request.FILES) if request.method == "POST" else ())
    )
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["files"]
        names = [upload.name for upload in request.FILES.getlist("files")]
        name = names[0] if len(names) == 1 else _("%(count)d bestanden") % {"count": len(names)}
        job, rows = start_import(files=files, name=name, user=request.user)
        enqueue_files(rows)
        return redirect("advice_letter_import_progress", job.pk)
    return TemplateResponse(
        request,
        "advice/admin/letter_import.html",
        {
            "form": form,
            "limits": {
                "files": uploads.MAX_FILES,
                "file_mb": uploads.MAX_FILE_BYTES // (1024 * 1024),
                "total_mb": uploads.MAX_TOTAL_BYTES // (1024 * 1024),
                "upload_mb": uploads.MAX_UPLOAD_BYTES // (1024 * 1024),
                "zip_entries": uploads.MAX_ZIP_ENTRIES,
            },
        },
    )


def _report_html(request, job, state):
    files = job.files.select_related("letter").defer("data", "letter__body").order_by("position")
    return render_to_string(
        "advice/admin/letter_import_report.html",
        {"job": job, "state": state, "files": files, "Status": Status},
        request=request,
    )


def progress_view(request, pk):
    if not may_import_letters(request.user):
        return permission_denied(request)
    job = _job_for(request, pk)
    state = job.state()
    return TemplateResponse(
        request,
        "advice/admin/letter_import_progress.html",
        {
            "job": job,
            "state": state,
            "report_html": _report_html(request, job, state) if state["finished"] else "",
            "status_url": reverse("advice_letter_import_status", args=[job.pk]),
        },
    )


def status_view(request, pk):
    if not may_import_letters(request.user):
        return permission_denied(request)
    job = _job_for(request, pk)
    state = job.state()
    if state["finished"]:
        state["report_html"] = _report_html(request, job, state)
    response = JsonResponse(state)
    response["Cache-Control"] = "no-store"
    return response
