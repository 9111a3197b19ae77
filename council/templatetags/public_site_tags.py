"""Links into the public site for templates of every layer, ``base.html`` included.

They ask the registered :class:`council.public_site.PublicSite`, so a
template loads this library and never the tags of the app above it.
"""

from django import template

from ..public_site import public_site

register = template.Library()


@register.simple_tag
def home_route(name, *args):
    """The path of a home-page route: ``{% home_route "topic" topic.slug %}``."""
    return public_site().home_path(name, *args)


@register.inclusion_tag("includes/alternate_feeds.html", takes_context=True)
def alternate_feeds(context):
    """``<link rel="alternate">`` for every feed of what the page shows (in base.html)."""
    return {"feeds": public_site().feeds_for_context(context)}
