"""Admin: the consultation CSV import as background tasks, with a progress page per import.

Upload → the check runs in a task → its progress page shows the dry-run report
→ "Importeren" enqueues the apply task → the same page shows the result. The
page polls its status (JSON) once a second and updates the bar and the
report in place.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied

from . import csv_file
from .admin import _upload_form
from .permissions import may_import
from .tasks import ConsultationImport, start_apply, start_check


def _job_for(request, pk, *, defer=("data",)):
    job = get_object_or_404(ConsultationImport.objects.defer(*defer), pk=pk)
    if not (request.user.is_superuser or job.created_by_id == request.user.pk):
        raise Http404  # another person's import: not even its existence
    return job


def upload_view(request):
    if not may_import(request.user):
        return permission_denied(request)
    form = _upload_form(request, bound=request.method == "POST")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_check(
            data=upload.read(),
            filename=upload.name[:200],
            council=form.cleaned_data["council"],
            user=request.user,
        )
        return redirect("advice_consultation_import_progress", job.pk)
    return TemplateResponse(
        request,
        "advice/admin/consultation_import.html",
        {
            "form": form,
            "columns": csv_file.COLUMNS,
            "export_only": csv_file.EXPORT_ONLY,
            "list_url": reverse("wagtailsnippets_advice_consultation:list"),
        },
    )


def _report_html(request, job):
    rows = job.report.get("rows", [])
    return render_to_string(
        "advice/admin/consultation_import_report.html",
        {
            "job": job,
            "rows": rows,
            "row_count": job.report.get("row_count", len(rows)),
            "only_errors": job.report.get("only_errors", False),
            "list_url": reverse("wagtailsnippets_advice_consultation:list"),
        },
        request=request,
    )


def progress_view(request, pk):
    if not may_import(request.user):
        return permission_denied(request)
    job = _job_for(request, pk, defer=("data", "plan"))
    return TemplateResponse(
        request,
        "advice/admin/consultation_import_progress.html",
        {
            "job": job,
            "report_html": _report_html(request, job),
            "status_url": reverse("advice_consultation_import_status", args=[job.pk]),
            "list_url": reverse("wagtailsnippets_advice_consultation:list"),
        },
    )


def status_view(request, pk):
    if not may_import(request.user):
        return permission_denied(request)
    # Polled every second while it runs: the file and the (long) report stay in the database.
    job = _job_for(request, pk, defer=("data", "report", "plan"))
    state = job.state()
    if state["finished"]:
        job.refresh_from_db(fields=["report"])
        state["report_html"] = _report_html(request, job)
    response = JsonResponse(state)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def apply_view(request, pk):
    if not may_import(request.user):
        return permission_denied(request)
    job = _job_for(request, pk, defer=("data", "plan"))
    retry = (
        job.stage == ConsultationImport.Stage.APPLY
        and not job.applied
        and job.status in (ConsultationImport.Status.RUNNING, ConsultationImport.Status.FAILED)
        and request.POST.get("retry")
    )
    if job.may_apply or retry:
        start_apply(job)
    return redirect("advice_consultation_import_progress", job.pk)
