"""Admin and serving hooks of the publications layer."""

from wagtail import hooks

from . import caching


@hooks.register("before_serve_page", order=100)
def declare_public_cache_scopes(page, request, serve_args, serve_kwargs):
    """Mark a served public page as cacheable, with the scopes of what it shows.

    Runs after Wagtail's own view-restriction check (order 100), so a page
    behind a password or login answers before this and is never stored.
    Views of the publications layer set their own, narrower plan.
    """
    view = serve_args[0] if serve_args and callable(serve_args[0]) else None
    scopes = caching.page_plan_scopes(page, view)
    if scopes is not None:
        caching.depends_on(request, *scopes, daily=True)
