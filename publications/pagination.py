"""Pagination of long listings that never counts or skips past a cap.

At 200,000 letters an exact count reads every row, and a page deep in the
listing reads every row before it. :class:`CappedPaginator` counts at most
``cap + 1`` rows: beyond the cap it says "more than 10,000" and offers the
pages up to the cap; a page number past them shows the last of them (as
Django's ``get_page`` does for any page number out of range), with a note
that a filter reaches the older letters.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

#: How many letters a listing counts and pages through at most.
LISTING_CAP = 10_000


class CappedPaginator(Paginator):
    """A ``Paginator`` over a QuerySet that counts no further than ``cap``.

    ``count`` is the exact number up to ``cap``, else ``cap``; ``capped``
    says that there are more. ``cap`` is a multiple of ``per_page``, so that
    the pages offered hold ``cap`` rows exactly.
    """

    def __init__(self, object_list, per_page, *, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        cap = LISTING_CAP if cap is None else cap
        self.cap = max(cap - cap % per_page, per_page)

    @cached_property
    def _counted(self):
        # The order does not matter for a count: without it the database stops
        # at cap + 1 rows in whatever order is cheapest.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.cap)

    @cached_property
    def capped(self):
        return self._counted > self.cap

    @property
    def cap_label(self):
        """The cap as a Dutch reader writes it: "10.000"."""
        return f"{self.cap:,}".replace(",", ".")

    def beyond(self, number):
        """Whether the page number asked for lies past the pages offered."""
        try:
            return int(number) > self.num_pages
        except (TypeError, ValueError):
            return False
