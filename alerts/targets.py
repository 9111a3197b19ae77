"""Which public thing a follow request names, or None when it is not public."""

from urllib.parse import urlencode

from django.http import QueryDict

from advice.models import Consultation
from council.models import Council, MunicipalBody, Topic
from council.public_site import public_site
from motions.models import Motion

from .models import Kind

#: The filters of the letter index a search subscription keeps (publications.filters), and
#: ``soort`` of the search of the whole site (``/zoeken/``: always there, ``alles`` for all).
SEARCH_PARAMS = ("q", "council", "topic", "body", "year", "kind", "soort")


def public_target(kind, pk, search=""):
    """The object ``kind``/``pk`` names if the public may follow it, else None."""
    site = public_site()
    if kind == Kind.COUNCIL:
        return Council.objects.filter(site.public_q("")).filter(pk=pk).first()
    if kind == Kind.TOPIC:
        return Topic.objects.filter(pk=pk).first()
    if kind == Kind.BODY:
        return MunicipalBody.objects.filter(pk=pk).first()
    if kind == Kind.CONSULTATION:
        return Consultation.objects.public().select_related("council").filter(pk=pk).first()
    if kind == Kind.MOTION:
        return Motion.objects.filter(site.public_q("council")).filter(pk=pk).first()
    if kind == Kind.SEARCH:
        return clean_search(search) or None
    return None


def clean_search(query_string):
    """The query string with only the index's own filters, in a fixed order, empty ones left out."""
    params = QueryDict(query_string or "")
    kept = [(name, params.get(name, "").strip()) for name in SEARCH_PARAMS]
    return urlencode([(name, value) for name, value in kept if value])
