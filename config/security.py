"""The Content-Security-Policy of each part of the site (django-csp 4).

The public site gets ``settings.CONTENT_SECURITY_POLICY``: no inline script
or style, nothing from another host. The admin under ``/beheer/`` gets
``settings.ADMIN_CONTENT_SECURITY_POLICY``: Wagtail's pages carry inline
scripts (date pickers, inline panels) and style attributes, so the admin
allows those, still from this host only. A view's own ``csp_override``
decorator wins over both.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/beheer/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
