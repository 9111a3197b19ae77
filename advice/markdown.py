"""Markdown for letter text: the one place where member-written text becomes HTML.

Members write Markdown; the public site and the PDF show HTML. The HTML is
sanitised with nh3 to a strict allow-list, so no raw HTML, script, event
handler, style or ``javascript:``/``data:`` URL written into a letter can
reach a reader, whatever the Markdown parser lets through.
"""

import functools
import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with their content; every other unknown tag is removed
# but its text kept, so a stray "<b>" costs nothing of the letter's words.
REMOVED_WITH_CONTENT = frozenset(
    {
        "embed",
        "frame",
        "frameset",
        "iframe",
        "math",
        "noembed",
        "noframes",
        "noscript",
        "object",
        "script",
        "style",
        "svg",
        "template",
        "textarea",
        "title",
        "xmp",
    }
)


_COMMENTS = re.compile(
    r"<!--.*?(-->|(?=\n[ \t]*\n)|$)|<!\[CDATA\[.*?(\]\]>|(?=\n[ \t]*\n)|$)", re.DOTALL
)
_CODE_NAMES = "|".join(sorted(REMOVED_WITH_CONTENT))
_CODE_ELEMENTS = re.compile(
    # up to the closing tag, or (never closed) to the end of the paragraph
    rf"<({_CODE_NAMES})\b.*?(</\1\s*>|(?=\n[ \t]*\n)|$)",
    re.DOTALL | re.IGNORECASE,
)
_AUTOLINK = r"<(?:https?://|mailto:)[^<>\s]+>"
# A tag, or the start of one that is never closed ("<iframe src=x <").
_TAG = re.compile(rf"({_AUTOLINK})|</?[A-Za-z!?][^<>]*(>|(?=<)|$)", re.MULTILINE)


def strip_raw_html(text):
    """Remove HTML from Markdown source: code elements with their content, other tags alone.

    Python-Markdown passes some raw HTML through and escapes other tag-like
    text, which would then be shown as literal "<img src=javascript:…>".
    Letters need no HTML at all, so it goes before parsing; autolinks such
    as <https://…> stay. nh3 still cleans the result.
    """
    previous = None
    while previous != text:
        previous = text
        text = _COMMENTS.sub("", text)
        text = _CODE_ELEMENTS.sub("", text)
    return _TAG.sub(lambda match: match[1] or "", text)


class _ShiftHeadings(Treeprocessor):
    """Move Markdown headings down so that ``#`` sits below the page's own headings."""

    def __init__(self, md, top_level):
        super().__init__(md)
        self.offset = top_level - 1

    def run(self, root):
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1] in "123456":
                element.tag = f"h{min(int(element.tag[1]) + self.offset, 6)}"


def sanitise_html(html):
    """Reduce HTML to the allow-list above."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    )


#: Texts rendered and kept per process (a letter has a few to a few dozen).
RENDERED_TEXTS = 4096


def render_markdown(text, *, heading_level=2) -> SafeString:
    """Markdown → sanitised HTML. ``#`` becomes ``<h{heading_level}>``.

    The HTML is a pure function of the text and the level, so it is kept per
    process, keyed on exactly those: the letter page, its versions, the feeds
    and the fingerprinted text render a text once. Keyed on the text itself,
    it can only ever give the HTML of the text it is asked for (a draft's
    text is never answered for a published one).
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    return _render(str(text), heading_level)


@functools.lru_cache(maxsize=RENDERED_TEXTS)
def _render(text, heading_level):
    converter = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    converter.treeprocessors.register(_ShiftHeadings(converter, heading_level), "kt_headings", 1)
    return mark_safe(sanitise_html(converter.convert(strip_raw_html(text))))  # noqa: S308 - sanitised by nh3
