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

__all__ = ["ImportProblem", "import_file", "import_paths", "letter_files", "parse_file"]


@transaction.atomic
def _write_letter(parsed, user):
    if LetterPage.objects.filter(source_id=parsed.source).exists():
        return "skipped"
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
    return "created"


@transaction.atomic
def _write_correction(parsed, user):
    if LetterVersion.objects.filter(source_id=parsed.source).exists():
        return "skipped"
    letter = LetterPage.objects.filter(source_id=parsed.corrects).first()
    if letter is None:
        raise ImportProblem(
            parsed.path, None, "corrects", f"er is geen brief met bron-id '{parsed.corrects}'."
        )
    letter_publish_correction(
        letter=letter,
        note=parsed.note,
        user=user,
        minor=parsed.change == ChangeKind.MINOR,
        title=parsed.subject,
        salutation=parsed.salutation,
        body=parsed.body,
        source_id=parsed.source,
    )
    return "created"


def import_file(path, *, user=None):
    """Import one file: "created" or "skipped"; raises ImportProblem and writes nothing then."""
    parsed = parse_file(path)
    try:
        if isinstance(parsed, ParsedCorrection):
            return _write_correction(parsed, user)
        return _write_letter(parsed, user)
    except (LetterNotPublishable, LetterNotSendable) as refusal:
        raise ImportProblem(path, None, "state", str(refusal)) from None
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"brief": error.messages}
        field, messages = next(iter(fields.items()))
        raise ImportProblem(path, None, field, " ".join(messages)) from None


def letter_files(paths):
    """The Markdown files named or found (recursively) in ``paths``; letters before corrections."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.rglob("*.md")))
        else:
            files.append(path)
    # A correction needs its letter: corrections (which say "corrects") go last.
    return sorted(files, key=lambda file: (_is_correction(file), str(file)))


def _is_correction(path):
    try:
        head = Path(path).read_text(encoding="utf-8")[:4000]
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*corrects\s*=", head, re.MULTILINE) is not None


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
