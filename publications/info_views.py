"""The platform's fixed pages: the glossary, the accessibility statement, privacy.

The statement and the privacy page are templates, not editable pages: what
they say (how the site is tested, what is stored and for how long) is a
property of this code, so it changes in the same commit as the code and its
tests. What differs per installation (the platform's name, the contact
address) comes from the site settings (``council.SiteSettings``).
"""

import datetime

from django.template.response import TemplateResponse

from council.models import GlossaryTerm

from . import caching

#: When the accessibility statement was last checked against the tests it describes.
STATEMENT_DATE = datetime.date(2026, 11, 30)


def glossary(request, *, page):
    caching.depends_on(request)
    return TemplateResponse(
        request,
        "publications/glossary.html",
        {"page": page, "terms": GlossaryTerm.objects.order_by("term")},
    )


def accessibility(request, *, page):
    caching.depends_on(request)
    return TemplateResponse(
        request,
        "publications/accessibility.html",
        {"page": page, "statement_date": STATEMENT_DATE},
    )


def privacy(request, *, page):
    caching.depends_on(request)
    return TemplateResponse(request, "publications/privacy.html", {"page": page})
