"""A version counter for records that several people edit in the admin.

Every save of an existing row adds one to ``version`` in the database
(``UPDATE ... SET version = version + 1``), whatever the instance held, so
two writers that loaded the same row can never leave the same number
behind. An admin edit form remembers the version it was loaded with and is
refused when the row has moved on (``council.stale_edits``).

A counter rather than Wagtail's revision id: agenda items have no
revisions, not every write path saves one, and a revision is saved after
the row itself. The counter moves with the row, in the same statement.

Bookkeeping saves (Wagtail's ``save(update_fields=["latest_revision"])``
after each revision) do not count as a change. ``QuerySet.update()`` does
not go through ``save()`` and leaves the counter alone; nothing in the
project updates these records that way, except the agenda numbering, which
saves every item it touches right after.
"""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

BOOKKEEPING_FIELDS = frozenset({"latest_revision", "version"})


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        _("versie"),
        default=1,
        editable=False,
        help_text=_("Telt elke keer dat dit record wordt opgeslagen."),
    )

    #: "deze vergadering", "dit agendapunt": how messages point at the record.
    this_label = _("dit record")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        counts = (
            self.pk is not None
            and not self._state.adding
            and not kwargs.get("force_insert")
            and (update_fields is None or not set(update_fields) <= BOOKKEEPING_FIELDS)
        )
        if not counts:
            return super().save(*args, **kwargs)
        if update_fields is not None:
            kwargs["update_fields"] = [*update_fields, "version"]
        loaded = self.version
        self.version = F("version") + 1
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = loaded
            raise
        self.refresh_from_db(fields=["version"])
        return None
