"""The plain text of a rendered letter: what the fingerprint is taken of.

The text is taken from the same HTML the reader gets, so the fingerprint
vouches for what was shown and sent, not for some internal representation.
Elements marked ``letter-aside`` (labels Kanttekening adds around a
quotation or a section, never words of the letter) are left out.
"""

import hashlib
import re
from html.parser import HTMLParser

ASIDE_CLASS = "letter-aside"

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "ul",
    }
)
VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col"})


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.stack = []  # one bool per open element: is it (inside) an aside?

    @property
    def hidden(self):
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag not in VOID_TAGS:
            self.stack.append(self.hidden or ASIDE_CLASS in classes)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if self.stack:
            self.stack.pop()
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html):
    """Text of ``html``, one line per block, spaces collapsed, empty lines dropped."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(extractor.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def fingerprint(text):
    """SHA-256 of the text, as the hex digest a reader can recompute with sha256sum."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
