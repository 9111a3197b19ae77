"""No lost updates in the admin: a save made on a stale copy of a record is refused.

An edit form (``VersionedAdminForm``) carries one hidden, signed field: the
record's version when the form was loaded (``council.versioning``) and a
fingerprint of every value the form showed, inline rows included. Signed
with ``django.core.signing``, so a forged or altered token is refused, and
fingerprints rather than the values themselves, so the page stays small and
holds nothing the form does not already show.

On save (``RefusesStaleEdits``), inside the save's transaction, the row and
its inline rows are locked (``select_for_update``) and compared with the
token: when the version moved on, or a value the form showed is no longer
what the database holds (an agenda item changed through its own form while
the meeting form was open), nothing is written. The form is shown again
with the user's input and a Dutch message that names the fields the other
person changed. The lock is held until the write commits, so two saves of
the same copy cannot both pass the check.

Why fingerprints of the form rather than the revision of that version:
agenda items keep no revisions, and a revision is only what one write path
chose to keep; the form's own values are exactly what the user saw.
"""

import datetime
import decimal
import hashlib
import json

from django import forms
from django.core import signing
from django.db import models, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.snippets.views.snippets import EditView

LOADED_FIELD = "loaded_version"
NOT_ROW_VALUES = frozenset({"DELETE", "ORDER", "id"})


class StaleEdit(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- What the form showed ------------------------------------------------------------------


def _plain(value):
    """``value`` as JSON can hold it, the same for equal values."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset | models.QuerySet):
        # Choices of a multiple select and tags: their order means nothing.
        return sorted((_plain(item) for item in value), key=repr)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _fingerprint(value):
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _initial(form, name, field):
    return _plain(form.get_initial_for_field(field, name))


def form_state(form):
    """``{name: (label, fingerprint)}`` of the values an unbound form shows, per field and per inline panel."""
    state = {}
    for name, field in form.fields.items():
        if name == LOADED_FIELD:
            continue
        state[name] = (
            str(field.label or capfirst(name)),
            _fingerprint(_initial(form, name, field)),
        )
    for relation, formset in getattr(form, "formsets", {}).items():
        rows = [
            [
                _plain(child.instance.pk),
                {
                    name: _initial(child, name, field)
                    for name, field in child.fields.items()
                    if name not in NOT_ROW_VALUES
                },
            ]
            for child in formset.initial_forms
        ]
        label = capfirst(str(formset.model._meta.verbose_name_plural))
        state[f"rows:{relation}"] = (label, _fingerprint(rows))
    return state


def _salt(model):
    return f"council.stale_edits:{model._meta.label_lower}"


def issue_token(form):
    """The signed token of an unbound form of a stored record."""
    instance = form.instance
    payload = {
        "pk": str(instance.pk),
        "version": instance.version,
        "state": {name: fingerprint for name, (_label, fingerprint) in form_state(form).items()},
    }
    return signing.dumps(payload, salt=_salt(type(instance)), compress=True)


def read_token(form):
    """The payload of the posted token, or None when it is missing, forged or not this record's."""
    raw = form.cleaned_data.get(LOADED_FIELD) if hasattr(form, "cleaned_data") else None
    if not raw:
        return None
    try:
        payload = signing.loads(raw, salt=_salt(type(form.instance)))
    except signing.BadSignature:
        return None
    if (
        not isinstance(payload, dict)
        or payload.get("pk") != str(form.instance.pk)
        or not isinstance(payload.get("version"), int)
        or not isinstance(payload.get("state"), dict)
    ):
        return None
    return payload


# --- The check, under lock ---------------------------------------------------------------------


def _joined(labels):
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def _lock_rows(form, stored):
    for formset in getattr(form, "formsets", {}).values():
        fk = getattr(formset, "fk", None)
        if fk is not None:
            list(
                formset.model._default_manager.filter(**{fk.name: stored.pk})
                .select_for_update()
                .values_list("pk", flat=True)
            )


def refuse_if_stale(form):
    """Lock the record of the bound, valid ``form`` and raise ``StaleEdit`` unless it is as loaded.

    Call inside the transaction that writes the record.
    """
    instance = form.instance
    model = type(instance)
    this = str(instance.this_label)
    loaded = read_token(form)
    if loaded is None:
        raise StaleEdit(
            _(
                "Dit formulier mist de versie waarmee het geladen is, of die klopt niet. Er is "
                "niets opgeslagen. Open %(this)s opnieuw en breng uw wijzigingen daarin aan."
            )
            % {"this": this}
        )
    try:
        stored = model._default_manager.select_for_update().get(pk=instance.pk)
    except model.DoesNotExist:
        raise StaleEdit(
            _("Iemand anders heeft %(this)s verwijderd terwijl u het formulier open had.")
            % {"this": this}
        ) from None
    _lock_rows(form, stored)
    current = form_state(type(form)(instance=stored, for_user=getattr(form, "for_user", None)))
    changed = [
        label
        for name, (label, fingerprint) in current.items()
        if loaded["state"].get(name) != fingerprint
    ]
    if changed:
        raise StaleEdit(
            _(
                "Iemand anders heeft %(this)s gewijzigd terwijl u het formulier open had: "
                "%(fields)s. Er is niets opgeslagen. Open %(this)s opnieuw om de huidige "
                "waarden te zien en breng uw wijzigingen daarna opnieuw aan."
            )
            % {"this": this, "fields": _joined(changed)}
        )
    if stored.version != loaded["version"]:
        # Saved again since, with the same values in this form's fields.
        raise StaleEdit(
            _(
                "Er is intussen een nieuwere versie van %(this)s opgeslagen. Uw wijzigingen zijn "
                "niet opgeslagen. Open %(this)s opnieuw en breng ze daarna opnieuw aan."
            )
            % {"this": this}
        )


# --- Form and views ----------------------------------------------------------------------------


class VersionedAdminForm(WagtailAdminModelForm):
    """An admin form that carries the version and values it was loaded with (hidden, signed)."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is not None:
            self.fields[LOADED_FIELD].initial = issue_token(self)


class RefusesStaleEdits:
    """For an edit view (and its revert view) whose form is a ``VersionedAdminForm``.

    Autosave is off: it would write the record at every pause in typing,
    and so make every other open form of it stale.
    """

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.autosave_enabled = False

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        if not form.is_bound and getattr(self, "revision_id", None) is not None:
            # Restoring a revision replaces what is stored now: the token is the stored row's.
            stored = self.model._default_manager.get(pk=form.instance.pk)
            form.fields[LOADED_FIELD].initial = issue_token(
                type(form)(instance=stored, for_user=form.for_user)
            )
        return form

    def form_valid(self, form):
        try:
            with transaction.atomic():
                refuse_if_stale(form)
                return super().form_valid(form)
        except StaleEdit as refusal:
            form.add_error(None, refusal.message)
            self.produced_error_code = "stale_edit"
            self.produced_error_message = capfirst(
                _("%(this)s is niet opgeslagen.") % {"this": form.instance.this_label}
            )
            return self.form_invalid(form)


class VersionedEditView(RefusesStaleEdits, EditView):
    pass
