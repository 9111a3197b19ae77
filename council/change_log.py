"""The changed fields in the log entry of an admin edit.

Wagtail's own edit action logs ``wagtail.edit`` with empty data: the history
says *that* a council's notice weeks changed hands, not *what* changed. For
the records whose change can alter a consultation's verdict (the council's
rules, a meeting's date, an agenda item's meeting) the admin edit is
``ChangesLoggedEditAction`` instead (registered through Wagtail's
``register_actions`` hook): it logs ``council.change`` with every changed
field's label, old and new value, stored and as people read them.
"""

import datetime

from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.actions.edit import EditAction
from wagtail.log_actions import LogFormatter, log

from .dates import format_day

CHANGE = "council.change"


def _display(instance, field):
    value = field.value_from_object(instance)
    if value is None or value == "":
        return _("leeg")
    if isinstance(field, models.BooleanField):
        return _("ja") if value else _("nee")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        return str(getattr(instance, field.name))
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return format_day(value)
    return str(value)


def field_changes(before, after):
    """``[{"field", "label", "old", "new", "old_display", "new_display"}]`` of the concrete fields."""
    changes = []
    for field in after._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        old, new = field.value_from_object(before), field.value_from_object(after)
        if old == new:
            continue
        changes.append(
            {
                "field": field.name,
                "label": str(field.verbose_name),
                "old": field.value_to_string(before),
                "new": field.value_to_string(after),
                "old_display": _display(before, field),
                "new_display": _display(after, field),
            }
        )
    return changes


class ChangesLoggedEditAction(EditAction):
    """Wagtail's edit, whose log entry (``council.change``) holds the changed fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.logged_action, self.log_action = (CHANGE if self.log_action else None), False

    def _edit(self, skip_permission_checks=False):
        with transaction.atomic():
            model = type(self.instance)
            stored = model._base_manager.filter(pk=self.instance.pk).first()
            instance = super()._edit(skip_permission_checks=skip_permission_checks)
            if self.logged_action:
                log(
                    instance=instance,
                    action=self.logged_action,
                    user=self.user,
                    revision=self.revision,
                    content_changed=self.content_changed,
                    data={"changes": field_changes(stored, instance) if stored else []},
                )
        return instance


class ChangeFormatter(LogFormatter):
    label = gettext_lazy("Gewijzigd")

    def format_message(self, log_entry):
        changes = (log_entry.data or {}).get("changes", [])
        sentences = [
            _("%(label)s: %(old)s → %(new)s.")
            % {
                "label": change["label"].capitalize(),
                "old": change["old_display"],
                "new": change["new_display"],
            }
            for change in changes
        ]
        cause = (log_entry.data or {}).get("cause")  # e.g. "import ODS <file>" (motions.ods)
        if cause:
            sentences.append(_("Oorzaak: %(cause)s.") % {"cause": cause})
        return " ".join([_("Gewijzigd."), *sentences])
