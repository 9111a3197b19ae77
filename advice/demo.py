"""Demo content of the advice layer: the seed letters, then the consultations the seeds state.

Letters: the five seed documents, imported from ``fixtures/letters/`` with
the same import as ``manage.py import_letters``. Letters that link to agenda
items or motions need the agenda and motions demo loaded first (``LOADERS``
runs this loader last); a file whose references do not exist yet is
reported as a warning and imported by a later run.

Consultations: ``fixtures/consultations.csv``, read by the same import as
``manage.py import_consultations``, creating only rows whose kenmerk is new
(never changing one an editor may have changed). Seed 001 states two
decisions taken without the council; it gives no dates and does not name the
deciding body, so the record says "onbekend" and the verdict is "not
consulted" all the same.
"""

import logging
from collections import Counter

from .consultations import audit
from .consultations.services import consultation_import
from .letters.importing import import_paths

logger = logging.getLogger(__name__)

FIXTURE_DIR = "letters"
CONSULTATIONS = "consultations.csv"


def load(fixtures_dir):
    counts, problems = import_paths([fixtures_dir / FIXTURE_DIR])
    for problem in problems:
        logger.warning("Demo-brief niet geladen: %s", problem)
    created = Counter({"brieven en correcties": counts["created"]})

    path = fixtures_dir / CONSULTATIONS
    report = consultation_import(
        data=path.read_bytes(),
        filename=path.name,
        via=audit.VIA_DEMO,
        apply=True,
        only_new=True,
    )
    for line in report.error_lines():
        logger.warning("Demo-raadpleging niet geladen: %s", line)
    created["raadplegingen"] = report.counts["create"] if report.applied else 0
    return created
