"""The body of a letter file: Markdown with fenced blocks, turned into the letter's StreamField.

``::: sectie``, ``::: punten``, ``::: citaat`` and ``::: ondertekening``
open a block, ``:::`` closes it. A malformed body raises ``ImportProblem``
with the line it starts on (through the source's ``problem``).
"""

import re
import shlex
from html.parser import HTMLParser

from django.core.exceptions import ValidationError

from ..markdown import render_markdown
from .blocks import LetterBodyBlock
from .problems import ImportProblem

#: Quotations and lists inside each other, at most (a letter needs three or four).
MAX_NESTING = 20
NESTING_MESSAGE = (
    f"is te diep genest: meer dan {MAX_NESTING} niveaus van citaten ('>') of lijsten in "
    "elkaar. Zo'n bestand wordt niet ingelezen; maak de tekst minder diep."
)
POINT_LABEL = re.compile(r"^(\d{1,3}[.)]|[a-z][.)])\s+(.*)$")
OPEN_FENCE = re.compile(r"^:::\s*(\w+)(.*)$")


def _paragraphs(lines):
    """Split lines into paragraphs (lists of lines) at blank lines."""
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _text(lines):
    return "\n".join(lines).strip("\n")


class BodyParser:
    """Markdown with fenced blocks: ``::: sectie``, ``::: punten``, ``::: citaat``, ``::: ondertekening``."""

    ALLOWED = {
        None: {"sectie", "punten", "citaat", "ondertekening"},
        "sectie": {"punten", "citaat"},
    }

    def __init__(self, source, agenda_items_by_number):
        self.source = source
        self.items = agenda_items_by_number

    def problem(self, index, message):
        return ImportProblem(self.source.path, self.source.body_offset + index, "tekst", message)

    def parse(self):
        lines = self.source.body_lines
        check_nesting(self.source)
        blocks, index = self._parse_stream(lines, 0, len(lines), parent=None)
        if not blocks:
            raise ImportProblem(
                self.source.path, self.source.body_offset, "tekst", "de brief is leeg."
            )
        return blocks

    def _fence_end(self, lines, start, stop):
        depth = 0
        for index in range(start + 1, stop):
            stripped = lines[index].strip()
            if OPEN_FENCE.match(stripped):
                depth += 1
            elif stripped == ":::":
                if depth == 0:
                    return index
                depth -= 1
        raise self.problem(start, "dit blok wordt niet afgesloten met een regel ':::'.")

    def _parse_stream(self, lines, start, stop, *, parent):
        blocks, text, index = [], [], start
        while index < stop:
            stripped = lines[index].strip()
            match = OPEN_FENCE.match(stripped)
            if stripped == ":::":
                raise self.problem(index, "':::' sluit een blok af dat niet geopend is.")
            if match is None:
                text.append(lines[index])
                index += 1
                continue
            if _text(text).strip():
                blocks.append(("text", _text(text).strip()))
            text = []
            name = match[1]
            if name not in self.ALLOWED.get(parent, set()):
                where = f"in een '{parent}'" if parent else "hier"
                raise self.problem(index, f"een blok '{name}' kan niet {where} staan.")
            end = self._fence_end(lines, index, stop)
            attributes = self._attributes(index, match[2])
            blocks.append(self._block(name, attributes, lines, index, end))
            index = end + 1
        if _text(text).strip():
            blocks.append(("text", _text(text).strip()))
        return blocks, index

    def _attributes(self, index, text):
        try:
            parts = shlex.split(text)
        except ValueError as error:
            raise self.problem(
                index, f"de kenmerken van dit blok kloppen niet ({error})."
            ) from None
        attributes = {}
        for part in parts:
            key, sep, value = part.partition("=")
            if not sep:
                raise self.problem(index, f"'{part}' moet de vorm naam=\"waarde\" hebben.")
            attributes[key] = value
        return attributes

    def _block(self, name, attributes, lines, start, end):
        inner = lines[start + 1 : end]
        handler = getattr(self, f"_{name}")
        unknown = set(attributes) - handler.attributes
        if unknown:
            raise self.problem(start, f"onbekend kenmerk '{sorted(unknown)[0]}' bij '{name}'.")
        return handler(attributes, inner, start, lines, end)

    def _sectie(self, attributes, inner, start, lines, end):
        first = next((i for i in range(start + 1, end) if lines[i].strip()), None)
        if first is None or not lines[first].startswith("# "):
            raise self.problem(start, "een sectie begint met een kopregel '# Kop'.")
        item = None
        if "agendapunt" in attributes:
            item = self.items.get(attributes["agendapunt"])
            if item is None:
                raise self.problem(
                    start,
                    f"agendapunt '{attributes['agendapunt']}' staat niet in 'agenda_items' "
                    "van de front matter.",
                )
        content, _ = self._parse_stream(lines, first + 1, end, parent="sectie")
        return (
            "section",
            {"heading": lines[first][2:].strip(), "agenda_item": item, "content": content},
        )

    _sectie.attributes = {"agendapunt"}

    def _punten(self, attributes, inner, start, lines, end):
        points = []
        for offset, paragraph in enumerate(_paragraphs(inner)):
            for line in paragraph:
                match = POINT_LABEL.match(line)
                if match:
                    points.append({"label": match[1], "text": match[2]})
                elif points:
                    joint = "" if points[-1]["text"].endswith("\n\n") else "\n"
                    points[-1]["text"] += joint + line
                else:
                    raise self.problem(
                        start + 1 + offset, "een punt begint met een nummer, zoals '1)' of '2.'."
                    )
            if points:
                points[-1]["text"] += "\n\n"
        for point in points:
            point["text"] = point["text"].strip()
        if not points:
            raise self.problem(start, "dit blok 'punten' heeft geen punten.")
        return ("points", {"points": points})

    _punten.attributes = set()

    def _citaat(self, attributes, inner, start, lines, end):
        intro, quote, seen_quote = [], [], False
        for line in inner:
            if line.startswith(">"):
                seen_quote = True
                quote.append(line[1:].removeprefix(" "))
            elif seen_quote and line.strip():
                raise self.problem(
                    start, "na het citaat (regels met '>') mag in dit blok niets meer staan."
                )
            elif not seen_quote:
                intro.append(line)
        if not _text(quote).strip():
            raise self.problem(start, "een citaat heeft regels die beginnen met '>'.")
        return (
            "quotation",
            {
                "attribution": _text(intro).strip(),
                "quote": _text(quote).strip(),
                "source": attributes.get("bron", ""),
                "source_url": attributes.get("link", ""),
            },
        )

    _citaat.attributes = {"bron", "link"}

    def _ondertekening(self, attributes, inner, start, lines, end):
        paragraphs = _paragraphs(inner)
        if not paragraphs:
            raise self.problem(start, "de ondertekening is leeg.")
        closing = " ".join(" ".join(p) for p in paragraphs[:-1]).strip()
        signatory = "\n".join(line.rstrip() for line in paragraphs[-1])
        return ("signature", {"closing": closing, "signatory": signatory})

    _ondertekening.attributes = set()


def clean_body(source, blocks):
    """Validate the body with the StreamField's own blocks; report the first error."""
    stream_block = LetterBodyBlock()
    try:
        return stream_block.clean(stream_block.normalize(blocks))
    except ValidationError as error:
        raise ImportProblem(
            source.path, source.body_offset, "tekst", f"de tekst is ongeldig: {error.messages[0]}"
        ) from None


class _Nesting(HTMLParser):
    """The deepest nesting of quotations and lists in rendered HTML (counted, not recursed)."""

    NESTED = frozenset({"blockquote", "ol", "ul"})

    def __init__(self):
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.NESTED:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        if tag in self.NESTED:
            self.depth -= 1


def check_nesting(source):
    """Refuse a body whose quotations and lists nest deeper than ``MAX_NESTING``.

    Markdown parses nested lists recursively (600 levels exhaust Python's
    stack), and thousands of nested quotations would do the same to whatever
    renders the page or the PDF later. The body is rendered once, as a
    whole, and the nesting of the result is counted.
    """
    try:
        html = render_markdown("\n".join(source.body_lines))
    except RecursionError:
        deepest = MAX_NESTING + 1
    else:
        counter = _Nesting()
        counter.feed(html)
        counter.close()
        deepest = counter.deepest
    if deepest > MAX_NESTING:
        raise ImportProblem(source.path, source.body_offset, "tekst", f"de tekst {NESTING_MESSAGE}")
