"""Page slugs that a route already answers.

A council page serves ``vergaderingen/``, ``moties/`` and ``raadplegingen/``
itself, and the home page serves ``brieven/``, ``onderwerpen/`` and more; the
URLconf answers ``beheer/`` and ``api/`` before Wagtail sees the request. A
child page with one of those slugs could be saved but never reached. The model
refuses it when the page has a parent (imports, edits), the admin form when it
is created (the new page has no parent yet, only the form knows it).
"""

from django.core.exceptions import ValidationError
from django.urls import get_resolver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.contrib.routable_page.models import RoutablePageMixin


def _first_segment(pattern):
    segment = str(pattern).lstrip("^").split("/", 1)[0]
    return "" if segment[:1] in ("", "<", "(", "$") else segment


def reserved_slugs(parent):
    """The first path segments under ``parent`` that something other than a child answers."""
    parent = parent.specific_deferred
    segments = set()
    if isinstance(parent, RoutablePageMixin):
        segments.update(_first_segment(p.pattern) for p in parent.get_subpage_urls())
    if parent.is_site_root():
        segments.update(_first_segment(p.pattern) for p in get_resolver().url_patterns)
    segments.discard("")
    return segments


def route_slug_error(parent, slug):
    """A Dutch message when ``slug`` under ``parent`` would be shadowed, else None."""
    if parent is None or not slug or slug not in reserved_slugs(parent):
        return None
    return _(
        "Het webadres '%(slug)s' is al in gebruik door een vaste pagina van deze website "
        "(%(url)s). Kies een ander webadres."
    ) % {"slug": slug, "url": f"{(parent.get_url() or '/').rstrip('/')}/{slug}/"}


class RouteSlugPageMixin:
    """For page models: refuse a slug that the parent's routes answer."""

    def clean(self):
        super().clean()
        message = route_slug_error(self.get_parent(), self.slug)
        if message:
            raise ValidationError({"slug": message})


class RouteSlugPageForm(WagtailAdminPageForm):
    """For new pages in the admin, whose parent only the form knows."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            message = route_slug_error(self.parent_page, cleaned_data.get("slug"))
            if message:
                self.add_error("slug", message)
        return cleaned_data
