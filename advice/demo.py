"""Demo letters: the five seed documents, imported from ``fixtures/letters/``.

The same import as ``manage.py import_letters``. Letters that link to
agenda items or motions need the agenda and motions demo loaded first
(``LOADERS`` runs this loader last); a file whose references do not exist
yet is reported as a warning and imported by a later run.
"""

import logging
from collections import Counter

from .importing import import_paths

logger = logging.getLogger(__name__)

FIXTURE_DIR = "letters"


def load(fixtures_dir):
    counts, problems = import_paths([fixtures_dir / FIXTURE_DIR])
    for problem in problems:
        logger.warning("Demo-brief niet geladen: %s", problem)
    return Counter({"brieven en correcties": counts["created"]})
