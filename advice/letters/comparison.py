"""How compare-revisions shows a Markdown block: its source text, line breaks kept.

Wagtail compares a ``TextBlock`` as one string and puts the result in the
page as it is, so the browser joins all lines into one paragraph and a new
paragraph or list item cannot be seen. The Markdown is the text the member
wrote; showing its source (not the rendered HTML) keeps every ``*``, ``#``
and ``1)`` visible in the comparison, and each line break becomes ``<br>``.

Imported lazily by ``MarkdownBlock.get_comparison_class``: Wagtail's compare
module belongs to the admin and must not load with the models.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.admin.compare import CharBlockComparison


def _keep_line_breaks(html):
    # ``html`` is escaped by Wagtail (diff) or here (value): a newline is only ever text.
    return mark_safe(str(html).replace("\r\n", "\n").replace("\n", "<br>\n"))  # noqa: S308


class MarkdownBlockComparison(CharBlockComparison):
    def htmlvalue(self, val):
        return _keep_line_breaks(escape(val or ""))

    def htmldiff(self):
        return _keep_line_breaks(super().htmldiff())
