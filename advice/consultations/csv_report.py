"""What reading a consultation CSV found: per row, what would change and what is wrong."""

import dataclasses

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, fields

# The column each model field is read from, for the model's own messages;
# a "date unknown" flag is read from its date's column.
_COLUMNS = [column for column in fields.csv_columns() if column.imported]
FIELD_COLUMNS = {column.field: column for column in _COLUMNS if column.field}
FIELD_COLUMNS.update({column.flag: column for column in _COLUMNS if column.flag})

CREATE = "create"
CHANGE = "change"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
ERROR = "error"

STATUS_LABELS = {
    CREATE: gettext_lazy("nieuw"),
    CHANGE: gettext_lazy("gewijzigd"),
    UNCHANGED: gettext_lazy("ongewijzigd"),
    SKIPPED: gettext_lazy("overgeslagen (bestaat al)"),
    ERROR: gettext_lazy("fout"),
}


@dataclasses.dataclass
class RowReport:
    line: int
    reference: str = ""
    subject: str = ""
    status: str = ""
    changes: list = dataclasses.field(default_factory=list)
    errors: list = dataclasses.field(default_factory=list)  # [(column header or "", message)]
    instance: object = None

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    def add_error(self, column, message):
        self.errors.append((column, str(message)))
        self.status = ERROR

    def add_validation_error(self, error):
        """The model's own messages, each on the column of its field."""
        if hasattr(error, "error_dict"):
            messages = error.message_dict
        else:
            messages = {NON_FIELD_ERRORS: error.messages}
        for field, texts in messages.items():
            column = FIELD_COLUMNS.get(field)
            for text in texts:
                self.add_error(column.header if column else "", text)

    def error_lines(self):
        """Each error as "regel 4, kolom 'besluit op': …"."""
        lines = []
        for column, message in self.errors:
            if column:
                lines.append(
                    _("regel %(line)d, kolom '%(column)s': %(message)s")
                    % {"line": self.line, "column": column, "message": message}
                )
            else:
                lines.append(
                    _("regel %(line)d: %(message)s") % {"line": self.line, "message": message}
                )
        return lines

    def change_lines(self):
        return [audit.change_sentence(change) for change in self.changes]


@dataclasses.dataclass
class ImportReport:
    filename: str
    file_errors: list = dataclasses.field(default_factory=list)
    rows: list = dataclasses.field(default_factory=list)
    ignored_columns: list = dataclasses.field(default_factory=list)
    applied: bool = False

    @property
    def ok(self):
        return not self.file_errors and not any(row.status == ERROR for row in self.rows)

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self):
        return {status: self.count(status) for status in STATUS_LABELS}

    @property
    def to_write(self):
        return [row for row in self.rows if row.status in (CREATE, CHANGE)]

    def error_lines(self):
        lines = [str(error) for error in self.file_errors]
        for row in self.rows:
            lines.extend(row.error_lines())
        return lines

    def summary(self):
        counts = self.counts
        return _(
            "%(create)d nieuw, %(change)d gewijzigd, %(unchanged)d ongewijzigd, "
            "%(skipped)d overgeslagen, %(error)d met fouten."
        ) % {
            "create": counts[CREATE],
            "change": counts[CHANGE],
            "unchanged": counts[UNCHANGED],
            "skipped": counts[SKIPPED],
            "error": counts[ERROR] + len(self.file_errors),
        }
