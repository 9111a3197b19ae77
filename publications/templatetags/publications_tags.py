from django import template

from ..links import home_path

register = template.Library()


@register.simple_tag
def home_route(name, *args):
    """The path of a home-page route: ``{% home_route "topic" topic.slug %}``."""
    return home_path(name, *args)
