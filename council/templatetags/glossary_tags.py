"""``{% glossary %}…{% endglossary %}``: link the first occurrence of each term.

Wrap the body text of a public page in it (not the breadcrumbs, the site
header or the footer). Every block on one page shares the request's "already
linked" set, so a term is linked once per page, at its first occurrence. The
terms are read with one query per request, whatever the number of blocks.
"""

from django import template
from django.utils.safestring import mark_safe

from ..glossary import Glossary, GlossaryTerm, link_terms
from ..public_site import public_site

register = template.Library()

_GLOSSARY = "_glossary_terms"
_SEEN = "_glossary_seen"


def request_glossary(request):
    """The glossary, read once per request (once per call without a request)."""
    glossary = getattr(request, _GLOSSARY, None) if request is not None else None
    if glossary is None:
        glossary = Glossary.of(GlossaryTerm.objects.only("slug", "term", "other_forms"))
        if request is not None:
            setattr(request, _GLOSSARY, glossary)
    return glossary


class GlossaryNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        markup = self.nodelist.render(context)
        request = context.get("request")
        seen = getattr(request, _SEEN, None) if request is not None else None
        if seen is None:
            seen = set()
            if request is not None:
                setattr(request, _SEEN, seen)
        return mark_safe(  # noqa: S308 - link_terms copies the markup and escapes every text it writes
            link_terms(
                markup,
                request_glossary(request),
                url=public_site().home_path("glossary"),
                seen=seen,
            )
        )


@register.tag
def glossary(parser, token):
    nodelist = parser.parse(("endglossary",))
    parser.delete_first_token()
    return GlossaryNode(nodelist)
