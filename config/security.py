"""The Content-Security-Policy of each part of the site (django-csp 4).

The public site gets ``settings.CONTENT_SECURITY_POLICY``: no inline script
or style, nothing from another host. The admin under ``/beheer/`` gets
``settings.ADMIN_CONTENT_SECURITY_POLICY``: Wagtail's pages carry inline
scripts (date pickers, inline panels) and style attributes, so the admin
allows those, still from this host only. A PDF (a letter's frozen PDF)
gets only ``frame-ancestors 'self'``: Chrome shows a PDF in a page of its own
making, with an ``<embed>`` and inline styles, which the site's policy would
block (crbug.com/271452). A view's own ``csp_override`` decorator, or a
policy the response already has (Wagtail's document view), wins over all.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/beheer/"
FILE_POLICY = {"frame-ancestors": ["'self'"]}
FILE_TYPES = ("application/pdf",)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if response.get("Content-Type", "").startswith(FILE_TYPES):
            parts.config = FILE_POLICY
        elif request.path_info.startswith(ADMIN_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
