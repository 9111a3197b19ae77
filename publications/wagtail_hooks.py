"""Admin and serving hooks of the publications layer."""

from wagtail import hooks

from advice.models import LetterPage

from . import caching
from .models import CouncilPage, HomePage


@hooks.register("before_serve_page", order=100)
def declare_public_cache_scopes(page, request, serve_args, serve_kwargs):
    """Mark a served public page as cacheable, with the scopes of what it shows.

    Runs after Wagtail's own view-restriction check (order 100), so a page
    behind a password or login answers before this and is never stored.
    Views of the publications layer set their own, narrower plan.
    """
    view = serve_args[0] if serve_args and callable(serve_args[0]) else None
    scopes = page_plan_scopes(page, view)
    if scopes is not None:
        caching.depends_on(request, *scopes, daily=True)


def page_plan_scopes(page, view=None):
    """The scopes of a Wagtail page (and route) of the public site, or None."""
    kinds = getattr(view, caching.ROUTE_ATTRIBUTE, caching.PAGE_KINDS)
    if isinstance(page, LetterPage):
        council = page.council_id
        return (
            caching.letter_scope(page.pk),
            caching.council_meetings_scope(council),
            caching.council_motions_scope(council),
            caching.council_consultations_scope(council),
        )
    if isinstance(page, CouncilPage):
        council = page.council_id
        per_kind = {
            "letters": caching.council_scope(council),
            "meetings": caching.council_meetings_scope(council),
            "motions": caching.council_motions_scope(council),
            "consultations": caching.council_consultations_scope(council),
        }
        return tuple(per_kind[kind] for kind in kinds)
    if isinstance(page, HomePage):
        if view is None or getattr(view, "__name__", "") == "index_route":
            # The home page itself: letters, meetings, the scorecard summary.
            kinds = ("letters", "meetings", "consultations")
        per_kind = {
            "letters": caching.LETTERS,
            "meetings": caching.MEETINGS,
            "motions": caching.MOTIONS,
            "consultations": caching.CONSULTATIONS,
        }
        return tuple(per_kind[kind] for kind in kinds)
    return None
