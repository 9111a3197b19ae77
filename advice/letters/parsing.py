"""Read a letter file (Markdown with TOML front matter) completely, before anything is written.

``parse_file`` checks every field and resolves every reference (council,
body, topics, agenda items, motions) or raises ``ImportProblem`` naming the
file, line and field. ``advice.letters.importing`` writes what it returns.
The format is described in ``docs/letters.md``.
"""

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q
from django.utils.text import slugify

from agenda.models import AgendaItem
from council.dates import DatePrecision
from council.models import Council, MunicipalBody, Topic
from council.public_site import public_site
from motions.models import Motion

from .body_parser import BodyParser, clean_body
from .models import SUMMARY_MAX_LENGTH, LetterPage
from .problems import ImportProblem
from .rules import ChangeKind, LetterKind

FENCE = "+++"
UNKNOWN = "onbekend"
STATES = ("draft", "published")
LETTER_FIELDS = {
    "source",
    "council",
    "kind",
    "subject",
    "date",
    "state",
    "addressee",
    "topics",
    "agenda_items",
    "motions",
    "sent",
    "summary",
    "no_summary_reason",
}
CORRECTION_FIELDS = {"source", "corrects", "change", "note", "subject", "salutation", "summary"}


@dataclass
class ParsedLetter:
    path: Path
    source: str
    council: Council
    kind: str
    subject: str
    date: datetime.date | None
    date_precision: str
    state: str
    addressee: MunicipalBody | None
    salutation: str
    topics: list
    agenda_items: list
    motions: list
    sent: dict | None
    summary: str = ""
    no_summary_reason: str = ""
    body: list = field(default_factory=list)


@dataclass
class ParsedCorrection:
    path: Path
    source: str
    corrects: str
    change: str
    note: str
    subject: str | None
    salutation: str | None
    summary: str | None = None
    body: list = field(default_factory=list)


# --- Reading a file -----------------------------------------------------------------------


class _Source:
    """A file split into front matter and body, with line numbers for messages."""

    def __init__(self, path, data=None):
        self.path = Path(path)
        try:
            if data is None:
                data = self.path.read_bytes()
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportProblem(path, None, "bestand", "is geen UTF-8-tekst.") from error
        except OSError as error:
            raise ImportProblem(
                path, None, "bestand", f"kan niet gelezen worden ({error})."
            ) from error
        lines = text.splitlines()
        if not lines or lines[0].strip() != FENCE:
            raise ImportProblem(
                path, 1, "front matter", f"het bestand moet beginnen met een regel '{FENCE}'."
            )
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
        except StopIteration:
            raise ImportProblem(
                path, 1, "front matter", f"de front matter wordt niet afgesloten met '{FENCE}'."
            ) from None
        self.front_lines = lines[1:end]
        self.body_lines = lines[end + 1 :]
        self.body_offset = end + 2  # file line number of body_lines[0]
        try:
            self.data = tomllib.loads("\n".join(self.front_lines))
        except tomllib.TOMLDecodeError as error:
            match = re.search(r"line (\d+)", str(error))
            line = int(match[1]) + 1 if match else 2
            raise ImportProblem(
                path, line, "front matter", f"geen geldige TOML ({error})."
            ) from None
        except RecursionError:
            # tomllib reads nested arrays and tables recursively: [[[[…]]]] 3,000 deep.
            raise ImportProblem(
                path,
                2,
                "front matter",
                "is te diep genest (lijsten in lijsten in …); zo'n bestand wordt niet ingelezen.",
            ) from None

    def line_of(self, key):
        pattern = re.compile(rf"^\s*(\[\[?\s*{re.escape(key)}\s*\]\]?|{re.escape(key)}\s*=)")
        for index, line in enumerate(self.front_lines):
            if pattern.match(line):
                return index + 2
        return 1

    def problem(self, key, message):
        return ImportProblem(self.path, self.line_of(key), key, message)

    def required_text(self, key, *, max_length=255):
        value = self.data.get(key)
        if value is None:
            raise ImportProblem(self.path, 1, key, "ontbreekt.")
        if not isinstance(value, str) or not value.strip():
            raise self.problem(key, "moet een tekst zijn en mag niet leeg zijn.")
        if len(value) > max_length:
            raise self.problem(key, f"is te lang (meer dan {max_length} tekens).")
        return value.strip()

    def optional_text(self, table, key, *, label, max_length=255):
        value = table.get(key, "")
        if not isinstance(value, str):
            raise self.problem(label.split(".")[0], f"'{label}' moet een tekst zijn.")
        if len(value) > max_length:
            raise self.problem(label.split(".")[0], f"'{label}' is te lang.")
        return value


def _parse_date(source, key, value):
    """A TOML date, "YYYY-MM", "YYYY" or "onbekend" → (date or None, precision)."""
    if isinstance(value, datetime.datetime):
        raise source.problem(key, "geef een datum zonder tijd, bijvoorbeeld 2009-04-07.")
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    if isinstance(value, str):
        text = value.strip()
        if text == UNKNOWN:
            return None, DatePrecision.DAY
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            if 1 <= month <= 12 and year >= 1900:
                return datetime.date(year, month, 1), DatePrecision.MONTH
        if re.fullmatch(r"\d{4}", text) and int(text) >= 1900:
            return datetime.date(int(text), 1, 1), DatePrecision.YEAR
    raise source.problem(
        key,
        f'\'{value}\' is geen datum. Schrijf 2009-04-07, "2009-04", "2009" of "{UNKNOWN}".',
    )


# --- Front matter → objects -------------------------------------------------------------------


def _council(source):
    slug = source.required_text("council", max_length=80)
    council = Council.objects.select_related("municipality").filter(slug=slug).first()
    if council is None:
        raise source.problem("council", f"er is geen cliëntenraad met korte naam '{slug}'.")
    if public_site().council_page(council) is None:
        raise source.problem("council", f"cliëntenraad '{slug}' heeft nog geen pagina op de site.")
    return council


def _topics(source):
    names = source.data.get("topics", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise source.problem("topics", "moet een lijst van teksten zijn.")
    topics = []
    for name in names:
        topic = Topic.objects.filter(Q(slug=slugify(name)) | Q(name__iexact=name.strip())).first()
        if topic is None:
            raise source.problem("topics", f"onbekend onderwerp '{name}'.")
        topics.append(topic)
    return topics


def _tables(source, key):
    rows = source.data.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise source.problem(key, f"schrijf elk element als [[{key}]] met velden eronder.")
    return rows


def _agenda_items(source, council):
    items = {}
    for row in _tables(source, "agenda_items"):
        unknown = set(row) - {"date", "number", "body", "title"}
        if unknown:
            raise source.problem("agenda_items", f"onbekend veld '{sorted(unknown)[0]}'.")
        if "date" not in row or "number" not in row:
            raise source.problem("agenda_items", "elk agendapunt heeft 'date' en 'number'.")
        date, precision = _parse_date(source, "agenda_items", row["date"])
        if date is None or precision != DatePrecision.DAY:
            raise source.problem("agenda_items", "de datum van de vergadering moet een dag zijn.")
        number = str(row["number"])
        query = AgendaItem.objects.filter(
            meeting__council=council, meeting__date=date, number=number
        )
        if "body" in row:
            query = query.filter(meeting__body__slug=row["body"])
        found = list(query.select_related("meeting")[:2])
        if len(found) != 1:
            what = "geen" if not found else "meer dan één"
            raise source.problem(
                "agenda_items",
                f"{what} agendapunt {number} van een vergadering op {date:%d-%m-%Y} "
                f"van {council}. Bestaat de vergadering al (laad eerst de agenda)?",
            )
        items[number] = found[0]
    return items


def _motions(source, council):
    motions = []
    for row in _tables(source, "motions"):
        unknown = set(row) - {"identifier", "title_contains", "date"}
        if unknown:
            raise source.problem("motions", f"onbekend veld '{sorted(unknown)[0]}'.")
        if not row:
            raise source.problem("motions", "geef 'identifier', 'title_contains' of 'date'.")
        query = Motion.objects.filter(council=council)
        if "identifier" in row:
            query = query.filter(identifier=str(row["identifier"]))
        if "title_contains" in row:
            query = query.filter(title__icontains=str(row["title_contains"]))
        if "date" in row:
            date, _ = _parse_date(source, "motions", row["date"])
            query = query.filter(Q(submitted_on=date) | Q(agenda_item__meeting__date=date))
        found = list(query.distinct()[:2])
        if len(found) != 1:
            what = "geen" if not found else "meer dan één"
            described = ", ".join(f"{key} = {value}" for key, value in row.items())
            raise source.problem(
                "motions",
                f"{what} motie van {council} met {described}. Bestaat de motie al (laad eerst "
                "de moties)?",
            )
        motions.append(found[0])
    return motions


def _addressee(source, council, kind):
    table = source.data.get("addressee", {})
    if not isinstance(table, dict):
        raise source.problem("addressee", "schrijf [addressee] met 'body' en 'salutation'.")
    unknown = set(table) - {"body", "salutation"}
    if unknown:
        raise source.problem("addressee", f"onbekend veld '{sorted(unknown)[0]}'.")
    salutation = source.optional_text(table, "salutation", label="addressee.salutation")
    body = None
    if "body" in table:
        body = MunicipalBody.objects.filter(
            municipality=council.municipality, slug=table["body"]
        ).first()
        if body is None:
            raise source.problem(
                "addressee",
                f"de gemeente {council.municipality} heeft geen orgaan '{table['body']}'.",
            )
    elif kind not in (LetterKind.PUBLIC_LETTER, LetterKind.POSITION_PAPER):
        raise source.problem("addressee", "geef het orgaan van de gemeente: addressee.body.")
    return body, salutation


def _sent(source, state, kind, addressee):
    table = source.data.get("sent")
    if table is None:
        if state == "published" and LetterKind.must_be_sent(kind):
            raise ImportProblem(
                source.path,
                source.line_of("state"),
                "sent",
                "een gepubliceerde brief van deze soort is eerst verzonden: geef [sent] met 'on'.",
            )
        return None
    if state != "published":
        raise source.problem("sent", "alleen een gepubliceerde brief kan verzonden zijn.")
    if not isinstance(table, dict) or "on" not in table:
        raise source.problem("sent", 'geef de datum van verzending: on = 2009-04-07 of "onbekend".')
    unknown = set(table) - {"on", "to"}
    if unknown:
        raise source.problem("sent", f"onbekend veld '{sorted(unknown)[0]}'.")
    on, precision = _parse_date(source, "sent", table["on"])
    if on is not None and precision != DatePrecision.DAY:
        raise source.problem("sent", 'de datum van verzending is een dag of "onbekend".')
    to = source.optional_text(table, "to", label="sent.to") or (addressee.name if addressee else "")
    if not to:
        raise source.problem("sent", 'geef aan wie de brief verzonden is: to = "…".')
    return {"on": on, "to": to}


def _summary(source, state):
    """The plain-language summary, or the reason for none; a published letter needs one."""
    summary = source.optional_text(
        source.data, "summary", label="summary", max_length=SUMMARY_MAX_LENGTH
    ).strip()
    reason = source.optional_text(
        source.data, "no_summary_reason", label="no_summary_reason", max_length=300
    ).strip()
    if summary and reason:
        raise source.problem(
            "no_summary_reason",
            "geef een samenvatting of een reden voor geen samenvatting, niet allebei.",
        )
    if state == "published" and not (summary or reason):
        raise ImportProblem(
            source.path,
            1,
            "summary",
            "ontbreekt: een gepubliceerde brief heeft een samenvatting in gewone taal "
            '(summary = "…"), of de reden waarom niet (no_summary_reason = "…").',
        )
    return summary, reason


def parse_file(path, data=None):
    """Read and check one file completely; resolve every reference. Writes nothing.

    ``data`` is the file's content (bytes) when it does not come from disk
    (an upload); ``path`` then only names it in messages.
    """
    source = _Source(path, data)
    if "corrects" in source.data:
        return _parse_correction(source)
    unknown = set(source.data) - LETTER_FIELDS
    if unknown:
        key = sorted(unknown)[0]
        raise source.problem(key, "onbekend veld.")
    source_id = source.required_text("source", max_length=120)
    council = _council(source)
    kind = source.required_text("kind", max_length=32)
    if kind not in LetterKind.values:
        raise source.problem(
            "kind", f"onbekende soort '{kind}'; kies uit {', '.join(LetterKind.values)}."
        )
    subject = source.required_text("subject")
    if "date" not in source.data:
        raise ImportProblem(
            path, 1, "date", f'ontbreekt (schrijf "{UNKNOWN}" als de datum onbekend is).'
        )
    date, precision = _parse_date(source, "date", source.data["date"])
    state = source.required_text("state", max_length=16)
    if state not in STATES:
        raise source.problem("state", f"'{state}' is geen toestand; kies 'draft' of 'published'.")
    addressee, salutation = _addressee(source, council, kind)
    summary, no_summary_reason = _summary(source, state)
    agenda_items = _agenda_items(source, council)
    parsed = ParsedLetter(
        path=Path(path),
        source=source_id,
        council=council,
        kind=kind,
        subject=subject,
        date=date,
        date_precision=precision,
        state=state,
        addressee=addressee,
        salutation=salutation,
        topics=_topics(source),
        agenda_items=list(agenda_items.values()),
        motions=_motions(source, council),
        sent=_sent(source, state, kind, addressee),
        summary=summary,
        no_summary_reason=no_summary_reason,
    )
    parsed.body = clean_body(source, BodyParser(source, agenda_items).parse())
    return parsed


def _parse_correction(source):
    unknown = set(source.data) - CORRECTION_FIELDS
    if unknown:
        raise source.problem(sorted(unknown)[0], "onbekend veld in een correctie.")
    change = source.required_text("change", max_length=16)
    if change not in ChangeKind.values:
        raise source.problem(
            "change", "kies 'correction' (openbaar) of 'minor' (kleine wijziging)."
        )
    subject = source.data.get("subject")
    if subject is not None and (not isinstance(subject, str) or not subject.strip()):
        raise source.problem("subject", "moet een tekst zijn en mag niet leeg zijn.")
    salutation = source.data.get("salutation")
    if salutation is not None and not isinstance(salutation, str):
        raise source.problem("salutation", "moet een tekst zijn.")
    summary = source.data.get("summary")
    if summary is not None and (not isinstance(summary, str) or not summary.strip()):
        raise source.problem("summary", "moet een tekst zijn en mag niet leeg zijn.")
    if summary is not None and len(summary.strip()) > SUMMARY_MAX_LENGTH:
        raise source.problem("summary", f"is te lang (meer dan {SUMMARY_MAX_LENGTH} tekens).")
    corrects = source.required_text("corrects", max_length=120)
    letter = LetterPage.objects.filter(source_id=corrects).first()
    items = {item.number: item for item in letter.agenda_items.all()} if letter else {}
    parsed = ParsedCorrection(
        path=source.path,
        source=source.required_text("source", max_length=120),
        corrects=corrects,
        change=change,
        note=source.required_text("note", max_length=1000),
        subject=subject.strip() if subject else None,
        salutation=salutation,
        summary=summary.strip() if summary else None,
    )
    parsed.body = clean_body(source, BodyParser(source, items).parse())
    return parsed
