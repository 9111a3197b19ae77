"""Import letters from Markdown files with TOML front matter (``manage.py import_letters``).

A file is read, checked and resolved completely before anything is written
(``advice.letters.parsing``); then it is written in one transaction. A file
with a missing or invalid field is reported by file, line and field, and
nothing of it is created. The format is described in ``docs/letters.md``.
"""

import re
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import LetterPage
from .parsing import ImportProblem, ParsedCorrection, parse_file
from .rules import ChangeKind, LetterNotPublishable, LetterNotSendable
from .services import (
    letter_adopt,
    letter_create,
    letter_publish,
    letter_publish_correction,
    letter_send,
)
from .versions import LetterVersion

__all__ = [
    "ImportProblem",
    "import_file",
    "import_letter",
    "import_paths",
    "is_correction",
    "letter_files",
    "parse_file",
]


@transaction.atomic
def _write_letter(parsed, user):
    existing = LetterPage.objects.filter(source_id=parsed.source).first()
    if existing is not None:
        return "skipped", existing
    letter = letter_create(
        council=parsed.council,
        title=parsed.subject,
        kind=parsed.kind,
        body=parsed.body,
        addressee=parsed.addressee,
        salutation=parsed.salutation,
        date=parsed.date,
        date_precision=parsed.date_precision,
        topics=parsed.topics,
        agenda_items=parsed.agenda_items,
        motions=parsed.motions,
        source_id=parsed.source,
        summary=parsed.summary,
        no_summary_reason=parsed.no_summary_reason,
        user=user,
    )
    if parsed.state == "published":
        letter_adopt(
            letter=letter, reference_year=parsed.date.year if parsed.date else None, adopted_by=user
        )
        if parsed.sent:
            version = letter_send(
                letter=letter, sent_on=parsed.sent["on"], sent_to=parsed.sent["to"], sent_by=user
            )
            letter_publish(letter=letter, revision=version.revision, user=user)
        else:
            letter_publish(letter=letter, user=user)
    return "created", letter


@transaction.atomic
def _write_correction(parsed, user):
    done = LetterVersion.objects.filter(source_id=parsed.source).select_related("letter").first()
    if done is not None:
        return "skipped", done.letter
    letter = _corrected_letter(parsed)
    letter_publish_correction(
        letter=letter,
        note=parsed.note,
        user=user,
        minor=parsed.change == ChangeKind.MINOR,
        title=parsed.subject,
        salutation=parsed.salutation,
        summary=parsed.summary,
        body=parsed.body,
        source_id=parsed.source,
    )
    return "created", letter


def _corrected_letter(parsed):
    letter = LetterPage.objects.filter(source_id=parsed.corrects).first()
    if letter is None:
        raise ImportProblem(
            parsed.path, None, "corrects", f"er is geen brief met bron-id '{parsed.corrects}'."
        )
    return letter


def import_letter(path, *, data=None, user=None, may_write=None):
    """Import one file: ``(outcome, letter)``, outcome "created" or "skipped".

    Raises ImportProblem (naming the file) and writes nothing then. ``data``
    is the file's content when it is not read from ``path`` (an upload).
    ``may_write(parsed, council)`` may refuse a file before anything is
    written (an admin upload: only the uploader's councils), by raising
    ImportProblem.
    """
    try:
        parsed = parse_file(path, data)
        if may_write is not None:
            council = (
                _corrected_letter(parsed).council
                if isinstance(parsed, ParsedCorrection)
                else parsed.council
            )
            may_write(parsed, council)
        if isinstance(parsed, ParsedCorrection):
            return _write_correction(parsed, user)
        return _write_letter(parsed, user)
    except (LetterNotPublishable, LetterNotSendable) as refusal:
        raise ImportProblem(path, None, "state", str(refusal)) from None
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"brief": error.messages}
        field, messages = next(iter(fields.items()))
        raise ImportProblem(path, None, field, " ".join(messages)) from None
    except RecursionError:
        # A last guard: the parser refuses deep nesting before it gets here (body_parser).
        raise ImportProblem(path, None, "bestand", "is te diep genest om in te lezen.") from None


def import_file(path, *, user=None):
    """Import one file: "created" or "skipped"; raises ImportProblem and writes nothing then."""
    return import_letter(path, user=user)[0]


def letter_files(paths):
    """The Markdown files named or found (recursively) in ``paths``; letters before corrections."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.rglob("*.md")))
        else:
            files.append(path)
    # A correction needs its letter: corrections (which say "corrects") go last.
    return sorted(files, key=lambda file: (_is_correction_file(file), str(file)))


def is_correction(data):
    """Does this file's content (bytes) say ``corrects = …``, i.e. is it a correction?"""
    head = data[:4000].decode("utf-8", errors="replace")
    return re.search(r"^\s*corrects\s*=", head, re.MULTILINE) is not None


def _is_correction_file(path):
    try:
        with Path(path).open("rb") as file:
            return is_correction(file.read(4000))
    except OSError:
        return False


def import_paths(paths, *, user=None, progress=None):
    """Import every file; returns (Counter of created/skipped/failed, list of ImportProblem).

    ``progress`` wraps the file list (the command passes tqdm for directories).
    """
    files = letter_files(paths)
    counts, problems = Counter(created=0, skipped=0, failed=0), []
    for path in progress(files) if progress else files:
        if not path.exists():
            problems.append(ImportProblem(path, None, "bestand", "bestaat niet."))
            counts["failed"] += 1
            continue
        try:
            counts[import_file(path, user=user)] += 1
        except ImportProblem as problem:
            problems.append(problem)
            counts["failed"] += 1
    return counts, problems
