"""An ODS export written into one council's meetings, agenda items and motions: all or nothing.

:func:`ods_import` reads and checks every resource first (``reading``,
``fields``), resolves what they point at (an agenda item's meeting, a
motion's agenda item: in the same file, or imported before for this
council), and only then writes, in one transaction. A refusal the models
make while writing (an end before the start, two items with one number)
rolls everything back too. The report names every problem by list,
position, id and field, in Dutch.

A record is found again by its council, source (``ods:<host>``) and id in
the source (``council.sources``), so a second import of the same file
writes nothing: no save, no revision, no log entry, no version counted. A
record whose fields changed at the source is saved with a revision (meetings,
motions) and a ``council.change`` log entry listing the changed fields, with
the cause ``import ODS <file or URL>``. Nothing is deleted: a record missing
from a later export stays.
"""

import copy
import dataclasses
from collections import Counter

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from agenda.models import AgendaItem, Meeting
from council.change_log import CHANGE, field_changes
from council.models import MunicipalBody

from ..models import Motion, MotionSubmitter
from . import fields, reading
from .fields import ABSENT, Resource

#: Problems kept in a report; the rest are counted.
MAX_PROBLEMS = 100

KIND_LABELS = {
    reading.MEETINGS: (gettext_lazy("vergadering"), gettext_lazy("vergaderingen")),
    reading.ITEMS: (gettext_lazy("agendapunt"), gettext_lazy("agendapunten")),
    reading.MOTIONS: (gettext_lazy("motie"), gettext_lazy("moties")),
}


@dataclasses.dataclass
class Report:
    name: str
    problems: list = dataclasses.field(default_factory=list)
    counts: Counter = dataclasses.field(default_factory=Counter)
    lines: list = dataclasses.field(default_factory=list)
    ignored: int = 0
    applied: bool = False

    @property
    def ok(self):
        return not self.problems

    def problem_lines(self):
        shown = self.problems[:MAX_PROBLEMS]
        if len(self.problems) > MAX_PROBLEMS:
            shown.append(
                _("… en nog %(count)d problemen.") % {"count": len(self.problems) - MAX_PROBLEMS}
            )
        return shown

    def summary(self):
        if not self.ok:
            return _("%(name)s: niets ingelezen, %(count)d probleem/problemen.") % {
                "name": self.name,
                "count": len(self.problems),
            }
        parts = []
        for kind in (reading.MEETINGS, reading.ITEMS, reading.MOTIONS):
            counts = [self.counts[(kind, outcome)] for outcome in ("created", "changed", "same")]
            parts.append(
                _("%(kind)s: %(created)d nieuw, %(changed)d gewijzigd, %(same)d ongewijzigd")
                % {
                    "kind": KIND_LABELS[kind][1],
                    "created": counts[0],
                    "changed": counts[1],
                    "same": counts[2],
                }
            )
        text = "; ".join(parts) + "."
        if self.ignored:
            text += " " + _("%(count)d andere objecten overgeslagen.") % {"count": self.ignored}
        return text

    def as_json(self):
        return {
            "ok": self.ok,
            "applied": self.applied,
            "summary": self.summary(),
            "problems": self.problem_lines(),
            "lines": self.lines[:MAX_PROBLEMS]
            + (
                [_("… en nog %(count)d.") % {"count": len(self.lines) - MAX_PROBLEMS}]
                if len(self.lines) > MAX_PROBLEMS
                else []
            ),
            "counts": {f"{kind}.{outcome}": n for (kind, outcome), n in self.counts.items()},
        }


class _Refused(Exception):
    """Raised inside the transaction to roll it back; the report holds the problems."""


def _resources(lists, problems):
    """``(meetings, items, motions, ignored)`` as :class:`Resource` lists."""
    kinds = {reading.MEETINGS: [], reading.ITEMS: [], reading.MOTIONS: []}
    ignored = 0
    for key in reading.LISTS:
        for index, data in enumerate(lists.get(key, [])):
            kind = reading.MOTIONS if key == reading.DOCUMENTS else key
            if not isinstance(data, dict):
                problems.append(
                    _("%(key)s[%(index)d]: is geen object.") % {"key": key, "index": index}
                )
                continue
            if kind == reading.MOTIONS and not fields.is_motion(data, key):
                if key == reading.MOTIONS:
                    Resource(key, index, data, problems).refuse(
                        "informatieobjecttype", _("in de lijst 'moties' hoort alleen type motie.")
                    )
                ignored += 1
                continue
            if data.get("wijziging") == "Verwijdering":
                ignored += 1  # withdrawn at the source: we delete nothing
                continue
            kinds[kind].append(Resource(key, index, data, problems))
    return kinds[reading.MEETINGS], kinds[reading.ITEMS], kinds[reading.MOTIONS], ignored


def _check_unique(resources, problems):
    seen = {}
    for resource in resources:
        key = (resource.source, resource.id)
        if key in seen:
            resource.refuse("id", _("komt twee keer voor (ook %(other)s).") % {"other": seen[key]})
        else:
            seen[key] = resource.where()


def _refuse_model_errors(resource, model, error):
    names = fields.MODEL_FIELDS[model]
    for field, messages in error.message_dict.items():
        target = None if field == NON_FIELD_ERRORS else names.get(field, field)
        for message in messages:
            resource.refuse(target, message)


class Writer:
    """Writes the checked resources of one export into one council."""

    def __init__(self, *, council, user, cause, report, progress):
        self.council = council
        self.user = user
        self.cause = cause
        self.report = report
        self.progress = progress or (lambda done, total: None)
        self.done = 0
        self.total = 0
        self.meetings = {}  # (source, id) -> Meeting
        self.items = {}  # (source, id) -> AgendaItem
        # In the file but refused: what points at them is skipped, their problem is reported.
        self.refused = set()
        self._bodies = {}  # municipality id -> its bodies
        self.stored = {Meeting: {}, AgendaItem: {}, Motion: {}}  # what earlier imports wrote

    def load_stored(self, ids):
        """The records earlier imports wrote, by (source, id): a query per kind, not per object.

        ``ids``: per model the source ids the file holds or points at.
        """
        querysets = {
            Meeting: Meeting.objects.filter(council=self.council),
            AgendaItem: AgendaItem.objects.filter(meeting__council=self.council).select_related(
                "meeting"
            ),
            Motion: Motion.objects.filter(council=self.council),
        }
        for model, queryset in querysets.items():
            wanted = sorted(ids[model])
            for start in range(0, len(wanted), 900):  # within every database's parameter limit
                for record in queryset.filter(source_id__in=wanted[start : start + 900]):
                    self.stored[model][(record.source, record.source_id)] = record
        self._municipalities = None

    def step(self):
        self.done += 1
        self.progress(self.done, self.total)

    # --- logging ---------------------------------------------------------------------------

    def _created(self, kind, instance, *, revision=False):
        saved_revision = instance.save_revision(user=self.user, clean=False) if revision else None
        log(
            instance=instance,
            action="wagtail.create",
            user=self.user,
            revision=saved_revision,
            data={"cause": self.cause},
        )
        self.report.counts[(kind, "created")] += 1
        self.report.lines.append(
            _("Nieuw: %(label)s %(name)s") % {"label": KIND_LABELS[kind][0], "name": instance}
        )

    def _changed(self, kind, instance, before, *, revision=False):
        changes = field_changes(before, instance)
        saved_revision = instance.save_revision(user=self.user, clean=False) if revision else None
        log(
            instance=instance,
            action=CHANGE,
            user=self.user,
            revision=saved_revision,
            content_changed=True,
            data={"changes": changes, "cause": self.cause},
        )
        self.report.counts[(kind, "changed")] += 1
        self.report.lines.append(
            _("Gewijzigd: %(label)s %(name)s (%(fields)s)")
            % {
                "label": KIND_LABELS[kind][0],
                "name": instance,
                "fields": ", ".join(change["label"] for change in changes),
            }
        )

    def _save(self, kind, resource, instance, before, *, revision=False):
        """Validate and save; False (and the problems on the resource) when refused."""
        try:
            instance.full_clean()
        except ValidationError as error:
            _refuse_model_errors(resource, type(instance), error)
            return False
        instance.save()
        if before is None:
            self._created(kind, instance, revision=revision)
        else:
            self._changed(kind, instance, before, revision=revision)
        return True

    # --- municipal bodies --------------------------------------------------------------------

    def municipalities(self):
        if self._municipalities is None:
            advised = {self.council.municipality, *self.council.municipalities.all()}
            self._municipalities = sorted(
                advised, key=lambda m: m.pk != self.council.municipality_id
            )
        return self._municipalities

    def body_for(self, resource, spec):
        municipality = self.municipalities()[0]
        if spec.municipality_name:
            named = [
                m
                for m in self.municipalities()
                if m.name.casefold() == spec.municipality_name.casefold()
            ]
            if not named:
                resource.refuse(
                    "gemeente",
                    _("de cliëntenraad adviseert de gemeente %(name)s niet.")
                    % {"name": spec.municipality_name},
                )
                return None
            municipality = named[0]
        if municipality.pk not in self._bodies:
            self._bodies[municipality.pk] = list(
                MunicipalBody.objects.filter(municipality=municipality)
            )
        bodies = self._bodies[municipality.pk]
        if spec.identification or spec.name:
            slug = slugify(spec.identification or spec.name)[:120]
            name = (spec.name or "").casefold()
            found = [body for body in bodies if name and body.name.casefold() == name] or [
                body for body in bodies if slug and body.slug == slug
            ]
            if found:
                return found[0]
            name = spec.name or spec.identification
        elif spec.kind == MunicipalBody.Kind.MUNICIPAL_COUNCIL:
            found = [body for body in bodies if body.kind == spec.kind]
            if len(found) == 1:
                return found[0]
            name = str(MunicipalBody.Kind.MUNICIPAL_COUNCIL.label).capitalize()
            slug = slugify(name)
        else:
            resource.refuse(
                "georganiseerdDoorGremium",
                _("ontbreekt; zonder gremium is niet te zeggen welk orgaan vergadert."),
            )
            return None
        taken = {body.slug for body in bodies}
        unique, n = slug or "orgaan", 2
        while unique in taken:
            unique, n = f"{slug}-{n}"[:120], n + 1
        body = MunicipalBody(
            municipality=municipality,
            kind=spec.kind or MunicipalBody.Kind.COMMITTEE,
            name=name[:200],
            slug=unique,
        )
        body.full_clean()
        body.save()
        bodies.append(body)
        self.report.lines.append(_("Nieuw orgaan: %(body)s") % {"body": body})
        return body

    # --- records -------------------------------------------------------------------------------

    def meeting(self, resource, values, body_spec):
        key = (resource.source, resource.id)
        existing = self.stored[Meeting].get(key)
        self.refused.add(key)  # until it is saved
        body = self.body_for(resource, body_spec)
        if body is None:
            return
        if existing is None:
            values.setdefault("title", body.name)
            instance = Meeting(
                council=self.council, body=body, source=key[0], source_id=key[1], **values
            )
            if self._save(reading.MEETINGS, resource, instance, None, revision=True):
                self.meetings[key] = instance
                self.refused.discard(key)
            return
        before = copy.copy(existing)
        for name, value in {**values, "body": body}.items():
            setattr(existing, name, value)
        if not field_changes(before, existing):
            self.report.counts[(reading.MEETINGS, "same")] += 1
        elif not self._save(reading.MEETINGS, resource, existing, before, revision=True):
            return
        self.meetings[key] = existing
        self.refused.discard(key)

    def resolve_meeting(self, resource, reference):
        source, source_id = reference
        if reference in self.refused:
            return None
        meeting = self.meetings.get(reference) or self.stored[Meeting].get(reference)
        if meeting is None:
            resource.refuse(
                "vergadering",
                _(
                    "verwijst naar vergadering %(id)s, die niet in het bestand staat en niet eerder "
                    "voor deze cliëntenraad is ingelezen."
                )
                % {"id": f'"{source_id}"'},
            )
        return meeting

    def clear_changed_numbers(self, planned):
        """Swapping two numbers must not clash halfway: the numbers that change are cleared first."""
        clearing = [
            item.pk
            for item, values in planned
            if item is not None and values.get("number", item.number) != item.number and item.number
        ]
        if clearing:
            # update() leaves the version alone; each of these items is saved (and counted) below.
            AgendaItem.objects.filter(pk__in=clearing).update(number="")

    def item(self, resource, values, meeting, existing):
        key = (resource.source, resource.id)
        self.refused.add(key)  # until it is saved
        if meeting is None:
            return
        if existing is None:
            values.setdefault("concern", AgendaItem.Concern.UNKNOWN)
            instance = AgendaItem(meeting=meeting, source=key[0], source_id=key[1], **values)
            if self._save(reading.ITEMS, resource, instance, None):
                self.items[key] = instance
                self.refused.discard(key)
            return
        before = copy.copy(existing)
        for name, value in {**values, "meeting": meeting}.items():
            setattr(existing, name, value)
        if not field_changes(before, existing):
            self.report.counts[(reading.ITEMS, "same")] += 1
        elif not self._save(reading.ITEMS, resource, existing, before):
            return
        self.items[key] = existing
        self.refused.discard(key)

    def existing_item(self, key):
        return self.stored[AgendaItem].get(key)

    def resolve_item(self, resource, reference):
        if reference in self.refused:
            return None
        item = self.items.get(reference) or self.existing_item(reference)
        if item is None:
            resource.refuse(
                "agendapunten",
                _(
                    "verwijst naar agendapunt %(id)s, dat niet in het bestand staat en niet eerder "
                    "voor deze cliëntenraad is ingelezen."
                )
                % {"id": f'"{reference[1]}"'},
            )
        return item

    def motion(self, resource, values, item):
        key = (resource.source, resource.id)
        submitters = values.pop("submitters", ABSENT)
        if item is not None or "agendapunten" in resource.data:
            values["agenda_item"] = item
        existing = self.stored[Motion].get(key)
        if existing is None:
            instance = Motion(
                council=self.council,
                source=key[0],
                source_id=key[1],
                vote=Motion.Vote.UNKNOWN,  # an information object does not say how the vote went
                **values,
            )
            for name, party in submitters or ():
                instance.submitters.add(MotionSubmitter(name=name, party=party))
            self._save(reading.MOTIONS, resource, instance, None, revision=True)
            return
        before = copy.copy(existing)
        for name, value in values.items():
            setattr(existing, name, value)
        if not field_changes(before, existing):
            self.report.counts[(reading.MOTIONS, "same")] += 1
            return
        self._save(reading.MOTIONS, resource, existing, before, revision=True)


def ods_import(*, data, name, council, user=None, progress=None):
    """Read an ODS export (bytes) into ``council``; returns a :class:`Report`.

    ``progress(done, total)`` is called after each resource is written.
    Nothing is written unless every resource is accepted.
    """
    report = Report(name=name)
    try:
        lists = reading.parse(data, name)
    except reading.OdsProblem as problem:
        report.problems.extend(problem.messages)
        return report
    problems = report.problems
    meetings, items, motions, report.ignored = _resources(lists, problems)
    for group in (meetings, items, motions):
        group[:] = [resource for resource in group if fields.check_identity(resource)]
        _check_unique(group, problems)
    checked_meetings = [(r, *fields.meeting_values(r)) for r in meetings]
    checked_items = [(r, *fields.item_values(r)) for r in items]
    checked_motions = [(r, *fields.motion_values(r)) for r in motions]
    if problems:
        return report

    writer = Writer(
        council=council,
        user=user,
        cause=_("import ODS %(name)s") % {"name": name},
        report=report,
        progress=progress,
    )
    writer.total = len(checked_meetings) + len(checked_items) + len(checked_motions)
    writer.progress(0, writer.total)  # outside the transaction: the page shows the total at once
    try:
        with transaction.atomic():
            writer.load_stored(
                {
                    Meeting: {r.id for r in meetings}
                    | {ref[1] for _r, _v, ref in checked_items if ref},
                    AgendaItem: {r.id for r in items}
                    | {ref[1] for _r, _v, ref in checked_motions if ref},
                    Motion: {r.id for r in motions},
                }
            )
            for resource, values, body in checked_meetings:
                writer.meeting(resource, values, body)
                writer.step()
            planned = []
            for resource, values, reference in checked_items:
                meeting = writer.resolve_meeting(resource, reference) if reference else None
                existing = writer.existing_item((resource.source, resource.id))
                planned.append((existing, values))
                resource.meeting = meeting
            if not problems:
                writer.clear_changed_numbers(planned)
            for (resource, values, _reference), (existing, _values) in zip(
                checked_items, planned, strict=True
            ):
                writer.item(resource, values, resource.meeting, existing)
                writer.step()
            for resource, values, reference in checked_motions:
                item = writer.resolve_item(resource, reference) if reference else None
                if reference and item is None:
                    continue  # refused, or its own item was
                writer.motion(resource, values, item)
                writer.step()
            if problems:
                raise _Refused
    except _Refused:
        report.lines.clear()
        report.counts.clear()
        return report
    report.applied = True
    return report
