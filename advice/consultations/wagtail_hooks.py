"""Admin hooks of the consultation record: its snippet viewset, import, log actions, dashboard.

Wagtail loads only ``advice.wagtail_hooks``, which imports this module.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import audit
from .admin import ConsultationDeadlinesPanel, ConsultationViewSet
from .import_views import apply_view, progress_view, status_view, upload_view
from .models import Consultation


@hooks.register("register_admin_urls")
def register_consultation_urls():
    return [
        # The import runs in background tasks with a progress page (import_views.py).
        path("raadplegingen/importeren/", upload_view, name="advice_consultation_import"),
        path(
            "raadplegingen/importeren/<int:pk>/",
            progress_view,
            name="advice_consultation_import_progress",
        ),
        path(
            "raadplegingen/importeren/<int:pk>/status/",
            status_view,
            name="advice_consultation_import_status",
        ),
        path(
            "raadplegingen/importeren/<int:pk>/inlezen/",
            apply_view,
            name="advice_consultation_import_apply",
        ),
    ]


@hooks.register("register_log_actions")
def register_consultation_log_actions(actions):
    audit.register_log_actions(actions)


@hooks.register("before_bulk_action")
def delete_consultations_one_at_a_time(request, action_type, objects, action_view):
    """A bulk delete would skip the audit trail; the listing offers none, this refuses a crafted one."""
    if not any(isinstance(obj, Consultation) for obj in objects):
        return None
    messages.error(
        request,
        _(
            "Raadplegingen worden één voor één verwijderd, zodat de geschiedenis bewaart wat er "
            "stond."
        ),
    )
    return redirect(action_view.next_url)


@hooks.register("construct_homepage_panels")
def add_consultation_deadlines_panel(request, panels):
    panels.append(ConsultationDeadlinesPanel())


register_snippet(ConsultationViewSet)
