"""Page slugs that a route already answers.

A council page serves ``vergaderingen/``, ``moties/`` and ``raadplegingen/``
itself, and the home page serves ``brieven/``, ``onderwerpen/`` and more; the
URLconf answers ``beheer/`` and ``api/`` before Wagtail sees the request. A
child page with one of those slugs could be saved but never reached. The model
refuses it when the page has a parent (imports, edits), the admin form when it
is created (the new page has no parent yet, only the form knows it).

A new page whose slug arrives empty (it sits on the "Eigenschappen" tab, and
the title fills it only in a browser with JavaScript: ``TitleFieldPanel``)
gets one from its title on the server, free among its siblings and its
parent's routes, instead of a "required" error on a tab nobody looked at.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import get_resolver
from django.utils.text import slugify
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


def slug_from_title(parent, title):
    """A slug for a new child of ``parent`` made from ``title``: free and reachable, or ""."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    base = slugify(title or "", allow_unicode=allow_unicode)[:240].strip("-")
    if not base:
        return ""
    taken = set(parent.get_children().values_list("slug", flat=True)) | reserved_slugs(parent)
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


class RouteSlugPageForm(WagtailAdminPageForm):
    """For new pages in the admin, whose parent only the form knows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        if (
            not self.instance.pk
            and "slug" in self.fields
            and not self.cleaned_data.get("slug")
            and "slug" not in self.errors
            and self.parent_page is not None
        ):
            slug = slug_from_title(self.parent_page, self.cleaned_data.get("title"))
            if slug:
                self.cleaned_data["slug"] = slug
            elif self.cleaned_data.get("title"):
                self.add_error(
                    "slug",
                    _(
                        "Uit deze titel is geen webadres te maken. Vul bij Eigenschappen een webadres in."
                    ),
                )
        cleaned_data = super().clean()
        if not self.instance.pk:
            message = route_slug_error(self.parent_page, cleaned_data.get("slug"))
            if message:
                self.add_error("slug", message)
        return cleaned_data
