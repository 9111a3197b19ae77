"""Finding what a clerk names in a CSV cell: a council, a body, an agenda item, a letter."""

import re

from django.db.models import Q
from django.utils.translation import gettext as _

from agenda.models import AgendaItem
from council.models import Council, MunicipalBody

from ..letters.models import LetterPage


class CellError(Exception):
    """A cell cannot be read; the message says why, in Dutch."""


class Resolver:
    """Finds councils, bodies, agenda items and letters by what a clerk writes, with caches."""

    def __init__(self):
        self.councils = list(Council.objects.select_related("municipality"))
        self.allowed = None  # the ids of the councils whose rows may be imported; None: all
        self._bodies = {}
        self._items = {}
        self._letters = {}

    def council(self, text):
        key = text.strip().casefold()
        for council in self.councils:
            if key in (council.slug.casefold(), council.name.casefold()):
                return council
        raise CellError(
            _(
                "Er is geen cliëntenraad '%(value)s'. Gebruik de korte naam, bijvoorbeeld '%(example)s'."
            )
            % {"value": text[:80], "example": self.councils[0].slug if self.councils else "leiden"}
        )

    def body(self, council, text):
        if council.pk not in self._bodies:
            self._bodies[council.pk] = list(
                MunicipalBody.objects.filter(
                    municipality_id__in=council.municipality_ids()
                ).select_related("municipality")
            )
        key = text.strip().casefold()
        for body in self._bodies[council.pk]:
            if key in (body.slug.casefold(), body.name.casefold(), str(body).casefold()):
                return body
        raise CellError(
            _("De gemeente %(municipality)s heeft geen orgaan '%(value)s'.")
            % {"municipality": council.municipality_names(), "value": text[:80]}
        )

    def item(self, council, meeting_date, text):
        key = (council.pk, meeting_date)
        if key not in self._items:
            self._items[key] = list(
                AgendaItem.objects.filter(
                    meeting__council=council, meeting__date=meeting_date
                ).select_related("meeting")
            )
        wanted = text.strip().casefold()
        found = [item for item in self._items[key] if item.number.strip().casefold() == wanted]
        if not found:
            found = [
                item
                for item in self._items[key]
                if not item.number and item.title.strip().casefold() == wanted
            ]
        if len(found) == 1:
            return found[0]
        day = meeting_date.strftime("%d-%m-%Y")
        if not found:
            raise CellError(
                _("Er is geen agendapunt '%(value)s' op een vergadering van %(day)s.")
                % {"value": text[:80], "day": day}
            )
        raise CellError(
            _(
                "Op %(day)s zijn meerdere vergaderingen met agendapunt '%(value)s'; koppel dit "
                "agendapunt in het beheer."
            )
            % {"value": text[:80], "day": day}
        )

    def letter(self, council, text):
        key = (council.pk, text.strip())
        if key not in self._letters:
            value = text.strip()
            self._letters[key] = list(
                LetterPage.objects.filter(council=council).filter(
                    Q(source_id=value)
                    | Q(slug=value)
                    | Q(pk__in=self._by_reference(council, value))
                )
            )
        found = self._letters[key]
        if len(found) == 1:
            return found[0]
        raise CellError(
            _("%(council)s heeft geen brief met kenmerk of korte naam '%(value)s'.")
            % {"council": council.name, "value": text[:80]}
        )

    @staticmethod
    def _by_reference(council, value):
        match = re.fullmatch(r"CR-(\d{4})-(\d{1,4})", value, flags=re.IGNORECASE)
        if not match:
            return []
        return LetterPage.objects.filter(
            council=council, reference_year=int(match[1]), reference_number=int(match[2])
        ).values("pk")
