from django import template

from ..links import feeds_for_context, home_path

register = template.Library()


@register.simple_tag
def home_route(name, *args):
    """The path of a home-page route: ``{% home_route "topic" topic.slug %}``."""
    return home_path(name, *args)


@register.inclusion_tag("publications/includes/alternate_feeds.html", takes_context=True)
def alternate_feeds(context):
    """``<link rel="alternate">`` for every feed of what the page shows (in base.html)."""
    return {"feeds": feeds_for_context(context)}
