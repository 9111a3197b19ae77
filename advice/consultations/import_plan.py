"""Compare-and-set for the consultation import: write a row only onto what the dry run saw.

Reading a file (``csv_file.read``) says per row what it would do, computed
from the stored records as they were at that moment. Between that reading and
the write, someone may change those records: a clerk in the admin, or another
import. Writing the file then would silently revert their change (a lost
update). So before writing, in the write transaction:

- the records the file will change are locked (``select_for_update``, in
  primary-key order, so two imports never wait on each other in a circle) and
  each must still hold exactly the stored values the reading saw;
- a record the file would create must not exist by now (same council and
  kenmerk);
- when the write follows a separate check (the admin's two tasks), every row
  must also do what the check showed the person who confirmed it: the check
  keeps a digest per row (``plan_of``), the apply compares its own.

Any difference refuses the whole file and names its rows; nothing is written.
"""

import hashlib
import json

from django.utils.translation import gettext as _

from . import audit
from .models import Consultation

LOCK_CHUNK = 500
NAMED_LINES = 20


def seen_values(row):
    """The stored values of the record as the reading saw them; None for a new record."""
    instance = row.instance
    if instance is None or instance.pk is None:
        return None
    values = audit.stored_values(instance)  # the read record, with the row's new values ...
    for change in row.changes:  # ... and the old ones put back
        if change["field"] in values:
            values[change["field"]] = change["old"]
    return values


def _digest(row):
    data = [
        row.reference,
        row.status,
        seen_values(row),
        [[change["field"], change["old"], change["new"]] for change in row.changes],
    ]
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return f"{row.status}:{digest[:24]}"


def plan_of(report):
    """Per line of the file, what the row would do and a digest of onto which stored values."""
    return {str(row.line): _digest(row) for row in report.rows}


def plan_conflicts(report, expected):
    """The rows that would now do something else than the check showed: ``[(row, message)]``."""
    conflicts = []
    for row in report.rows:
        planned = expected.get(str(row.line), "")
        if planned == _digest(row):
            continue
        if planned.startswith("create:") and row.status != "create":
            message = taken_message(row.reference)
        elif row.status == "create":
            message = _("de raadpleging '%(reference)s' is intussen verwijderd.") % {
                "reference": row.reference
            }
        else:
            message = changed_message(row.reference)
        conflicts.append((row, message))
    return conflicts


def changed_message(reference):
    return _(
        "de raadpleging '%(reference)s' is sinds de controle door iemand anders gewijzigd."
    ) % {"reference": reference}


def locked_conflicts(report):
    """Lock the records the file changes; ``[(row, message)]`` for each that moved meanwhile."""
    rows = report.to_write
    changing = {row.instance.pk: row for row in rows if row.instance.pk is not None}
    pks = sorted(changing)
    conflicts = []
    found = set()
    for start in range(0, len(pks), LOCK_CHUNK):
        locked = (
            Consultation.objects.select_for_update()
            .filter(pk__in=pks[start : start + LOCK_CHUNK])
            .only(*audit.FIELDS)
            .order_by("pk")
        )
        for stored in locked:
            found.add(stored.pk)
            row = changing[stored.pk]
            if audit.stored_values(stored) != seen_values(row):
                conflicts.append((row, changed_message(row.reference)))
    for pk in pks:
        if pk not in found:
            conflicts.append(
                (
                    changing[pk],
                    _("de raadpleging '%(reference)s' is intussen verwijderd.")
                    % {"reference": changing[pk].reference},
                )
            )
    conflicts.extend(_taken(row for row in rows if row.instance.pk is None))
    return conflicts


def _taken(creating):
    by_key = {(row.instance.council_id, row.instance.reference): row for row in creating}
    references = {}
    for council_id, reference in by_key:
        references.setdefault(council_id, []).append(reference)
    conflicts = []
    for council_id, wanted in references.items():
        for start in range(0, len(wanted), LOCK_CHUNK):
            taken = Consultation.objects.filter(
                council_id=council_id, reference__in=wanted[start : start + LOCK_CHUNK]
            ).values_list("reference", flat=True)
            conflicts.extend(
                (by_key[council_id, reference], taken_message(reference)) for reference in taken
            )
    return conflicts


def taken_message(reference):
    return _(
        "de raadpleging '%(reference)s' bestaat inmiddels: iemand anders legde haar tegelijk vast."
    ) % {"reference": reference}


def refuse(report, conflicts):
    """Mark each conflicting row (once) and say in one sentence that nothing was written."""
    by_line = {}
    for row, message in conflicts:
        if row.line not in by_line:
            by_line[row.line] = row
            row.add_error("", message)
    lines = sorted(by_line)
    named = ", ".join(str(line) for line in lines[:NAMED_LINES])
    if len(lines) > NAMED_LINES:
        named += _(" en %(more)d andere") % {"more": len(lines) - NAMED_LINES}
    message = _(
        "Er is niets ingelezen: het bestand klopt niet meer met de gegevens op %(count)d "
        "regel(s) (regel %(lines)s). Iemand anders wijzigde die raadplegingen sinds de controle; "
        "kies het bestand opnieuw voor een nieuwe controle."
    ) % {"count": len(lines), "lines": named}
    report.file_errors.append(message)
    return message
