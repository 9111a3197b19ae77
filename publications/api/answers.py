"""What every list and every error of the open-data API looks like.

- A list's ``meta`` has ``total_count`` and the absolute URLs of the ``next``
  and ``previous`` page (``null`` at either end), the other parameters kept.
- An error is ``{"message": "..."}`` in Dutch: the messages of this package are
  written in Dutch, and the English ones Wagtail's API raises are translated
  here (``dutch``); what is not in the table keeps its text after a Dutch
  opening.
"""

import re
from collections import OrderedDict

from django.http import Http404
from rest_framework import status
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError

MAX_OFFSET = 10**6
LIMIT_MAX = 20

#: Wagtail's English messages (wagtail/api/v2), as patterns, and their Dutch.
WAGTAIL_MESSAGES = [
    (r"offset must be a positive integer", "offset: geef een geheel getal van 0 of meer."),
    (r"limit must be a positive integer", "limit: geef een geheel getal van 0 of meer."),
    (r"limit cannot be higher than (\d+)", "limit: hoogstens {0}."),
    (r"cannot order by '(.*)' \((?:unknown|invalid) field\)", "order: op “{0}” sorteren kan niet."),
    (
        r"random ordering cannot be combined with other fields",
        "order: random alleen, zonder velden.",
    ),
    (r"random ordering with offset is not supported", "order: random gaat niet samen met offset."),
    (r"unknown fields: (.*)", "fields: deze velden bestaan niet: {0}."),
    (r"'(.*)' does not support nested fields", "fields: “{0}” heeft geen velden eronder."),
    (r"fields error: (.*)", "fields: de lijst van velden klopt niet ({0})."),
    (
        r"query parameter is not an operation or a recognised (?:field|filter): (.*)",
        "Deze parameter kennen we niet: {0}.",
    ),
    (r"type doesn't exist", "type: dat soort bestaat niet."),
]


def dutch(message):
    for pattern, translation in WAGTAIL_MESSAGES:
        match = re.fullmatch(pattern, message)
        if match:
            return translation.format(*match.groups())
    return (
        message if message[:1].isupper() or ":" in message[:20] else f"Ongeldige vraag: {message}"
    )


def error_response(exc):
    """The Dutch answer for a 400 or 404, or None for another exception."""
    if isinstance(exc, Http404):
        return Response({"message": "Niet gevonden."}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, BadRequestError):
        return Response({"message": dutch(str(exc))}, status=status.HTTP_400_BAD_REQUEST)
    return None


def _digits(value):
    """Only 0-9: ``"²".isdigit()`` is true, but ``int("²")`` fails."""
    return value.isascii() and value.isdigit()


class SafePagination(WagtailPagination):
    """Wagtail's limit and offset, checked, with links to the next and previous page."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if len(offset) > 7 or (_digits(offset) and int(offset) > MAX_OFFSET):
            raise BadRequestError(f"offset: geef een geheel getal van 0 tot en met {MAX_OFFSET}.")
        page = super().paginate_queryset(queryset, request, view)
        self.request = request
        self.offset = int(offset)
        self.limit = int(request.GET.get("limit", LIMIT_MAX))
        return page

    def _link(self, offset):
        url = self.request.build_absolute_uri()
        if offset == 0:
            return remove_query_param(url, "offset")
        return replace_query_param(url, "offset", offset)

    def next_link(self):
        if self.limit == 0 or self.offset + self.limit >= self.total_count:
            return None
        return self._link(self.offset + self.limit)

    def previous_link(self):
        if self.offset == 0 or self.limit == 0:
            return None
        return self._link(max(min(self.offset, self.total_count) - self.limit, 0))

    def get_paginated_response(self, data):
        meta = OrderedDict(
            [
                ("total_count", self.total_count),
                ("next", self.next_link()),
                ("previous", self.previous_link()),
            ]
        )
        return Response(OrderedDict([("meta", meta), ("items", data)]))
