"""Progress of a background job, visible to the progress page while the job's writes are not.

A job (an import) counts its progress on its own row, which the admin's
progress page polls. Outside a transaction the update is written on the
task's own connection. Inside the job's one write transaction nobody would see
it before the commit, so on PostgreSQL it goes through a second connection of
its own, which commits at once. SQLite has one writer at a time: there the
update is skipped inside the transaction, and the bar jumps to the end when
the writes are committed.
"""

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.sql import UpdateQuery
from django.db.models.sql.constants import CURSOR


class ProgressWriter:
    """Writes ``values`` to the row ``pk`` of ``model`` now, also from inside a transaction."""

    def __init__(self, model, pk):
        self.model, self.pk = model, pk
        self.side = None

    def write(self, values):
        if not connection.in_atomic_block:
            self.model.objects.filter(pk=self.pk).update(**values)
        elif connection.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            query = UpdateQuery(self.model)
            query.add_update_values(values)
            query.add_q(models.Q(pk=self.pk))
            query.get_compiler(connection=self.side).execute_sql(CURSOR).close()

    def close(self):
        if self.side is not None:
            self.side.close()
