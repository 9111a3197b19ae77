"""Admin URLs that take precedence over Wagtail's own (``config/urls.py`` includes them first).

Decorated as Wagtail decorates its admin URLs: admin access required (an
anonymous visitor is sent to the login page), and never cached.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access

from .admin_views import workflow_action

urlpatterns = [
    path(
        "pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        never_cache(require_admin_access(workflow_action)),
        name="advice_letter_workflow_action",
    ),
]
