"""Is the archive of frozen letters what it was? ``manage.py verify_archive``.

Every recorded version (the sent version, a first publication, each
correction and minor change) holds two SHA-256 hashes, written once:

- ``fingerprint``, of its frozen text, taken when it was recorded
  (``advice.text.fingerprint``, the digest ``sha256sum`` gives of the text's
  UTF-8 bytes);
- ``pdf_fingerprint``, of its PDF file, taken when the task stored the file
  (``advice/letters/tasks.py``).

:func:`verify_archive` takes both again, from the text in the database and
the file under ``PRIVATE_MEDIA_ROOT``, and lists every difference. After a
restore it proves that the database and the private folder belong together
and that nothing in either was changed or lost.

A version recorded moments ago may have no PDF yet: its task is still
queued or running. That is not a difference (nothing was lost: the worker
renders it from the frozen revision, also after a restore, since the queue
is in the database); it is reported as "wordt gemaakt" and fails only with
``strict`` (``--streng``). Without a queued task, a missing PDF is missing.
"""

import enum
from dataclasses import dataclass, field

from council.background import waiting_calls

from ..text import fingerprint
from .tasks import freeze_version_pdf
from .versions import LetterVersion


class Outcome(enum.Enum):
    OK = "in orde"
    DIFFERENT = "afwijkend"
    MISSING = "ontbreekt"
    BEING_MADE = "wordt gemaakt"


@dataclass(frozen=True)
class Finding:
    """One check of one version that did not come out in order."""

    version: LetterVersion
    check: str  # "tekst" or "pdf"
    outcome: Outcome
    detail: str

    @property
    def subject(self):
        letter = self.version.letter
        return (
            f'brief {letter.pk} "{letter.title}", versie {self.version.number} '
            f"({self.version.get_kind_display()})"
        )


@dataclass
class ArchiveReport:
    strict: bool = False
    versions: int = 0
    letters: set = field(default_factory=set)
    findings: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # (check, outcome) -> number

    def add(self, version, check, outcome, detail=""):
        self.counts[check, outcome] = self.counts.get((check, outcome), 0) + 1
        if outcome is not Outcome.OK:
            self.findings.append(Finding(version, check, outcome, detail))

    def count(self, check, outcome):
        return self.counts.get((check, outcome), 0)

    def fails(self, finding):
        return finding.outcome is not Outcome.BEING_MADE or self.strict

    @property
    def problems(self):
        return [finding for finding in self.findings if self.fails(finding)]


def _short(digest):
    return digest[:12] + "…" if digest else "(leeg)"


def _check_text(version, report):
    computed = fingerprint(version.text)
    if computed == version.fingerprint:
        report.add(version, "tekst", Outcome.OK)
    else:
        report.add(
            version,
            "tekst",
            Outcome.DIFFERENT,
            "de opgeslagen tekst past niet bij de vingerafdruk "
            f"(vastgelegd {_short(version.fingerprint)}, nu {_short(computed)})",
        )


def _check_pdf(version, report, being_made):
    if not version.pdf:
        if being_made and version.pk in being_made:
            report.add(version, "pdf", Outcome.BEING_MADE, "nog geen bestand; de taak staat klaar")
        elif version.pdf_fingerprint:
            report.add(
                version, "pdf", Outcome.MISSING, "er is een hash vastgelegd, maar geen bestand"
            )
        else:
            unknown = " (de takenwachtrij kan niet zeggen of hij nog gemaakt wordt)"
            report.add(
                version,
                "pdf",
                Outcome.MISSING,
                "nog nooit opgeslagen en geen taak in de wachtrij"
                + (unknown if being_made is None else ""),
            )
        return
    try:
        computed = version.stored_pdf_fingerprint()
    except FileNotFoundError:
        report.add(version, "pdf", Outcome.MISSING, f"bestand {version.pdf.name} niet gevonden")
        return
    except OSError as error:
        report.add(
            version, "pdf", Outcome.MISSING, f"bestand {version.pdf.name} onleesbaar ({error})"
        )
        return
    if not version.pdf_fingerprint:
        report.add(
            version,
            "pdf",
            Outcome.DIFFERENT,
            f"bestand {version.pdf.name} heeft geen vastgelegde SHA-256 om mee te vergelijken",
        )
    elif computed != version.pdf_fingerprint:
        report.add(
            version,
            "pdf",
            Outcome.DIFFERENT,
            f"bestand {version.pdf.name} wijkt af van de vastgelegde SHA-256 "
            f"(vastgelegd {_short(version.pdf_fingerprint)}, bestand {_short(computed)})",
        )
    else:
        report.add(version, "pdf", Outcome.OK)


def _being_made():
    """The ids of the versions whose PDF task is queued or running; None if unknown."""
    calls = waiting_calls(freeze_version_pdf)
    if calls is None:
        return None
    return {args[0] if args else kwargs.get("version_id") for args, kwargs in calls}


def verify_archive(*, strict=False):
    """Recompute both hashes of every recorded version; an :class:`ArchiveReport`."""
    report = ArchiveReport(strict=strict)
    being_made = _being_made()
    versions = LetterVersion.objects.select_related("letter").order_by("letter_id", "number")
    for version in versions.iterator(chunk_size=200):
        report.versions += 1
        report.letters.add(version.letter_id)
        _check_text(version, report)
        _check_pdf(version, report, being_made)
    return report
