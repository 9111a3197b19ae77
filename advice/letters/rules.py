"""The rules of a letter's lifecycle, as pure functions of the facts.

Services and the page's publish guard gather the facts; these functions
decide. Their tests are tables (tests/advice/test_rules.py).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterNotPublishable(PermissionDenied):
    """Publishing this revision would break the letter's lifecycle; the message says why."""


class LetterNotSendable(PermissionDenied):
    """This letter cannot be sent now; the message says why."""


class LetterKind(models.TextChoices):
    REQUESTED_ADVICE = "requested_advice", _("gevraagd advies")
    UNSOLICITED_ADVICE = "unsolicited_advice", _("ongevraagd advies")
    LETTER = "letter", _("brief")
    PUBLIC_LETTER = "public_letter", _("ingezonden brief")
    POSITION_PAPER = "position_paper", _("visie")
    MOTION_ANNEX = "motion_annex", _("bijlage bij een motie")

    @classmethod
    def must_be_sent(cls, kind):
        """Whether a letter of this kind is sent before the public may read it.

        Advice and letters go to the municipality first; an annex goes with
        its motion. A public letter (ingezonden brief) and a position paper
        are written to be read by everyone: adoption is enough.
        """
        return kind not in (cls.PUBLIC_LETTER, cls.POSITION_PAPER)


class ChangeKind(models.TextChoices):
    CORRECTION = "correction", _("correctie (de lezer ziet de notitie)")
    MINOR = "minor", _("kleine wijziging (alleen in de geschiedenis voor de redactie)")


NOT_ADOPTED = _(
    "Deze brief is nog niet vastgesteld en wordt dus niet gepubliceerd. Bied hem aan ter "
    "vaststelling (workflow 'Vaststellen'); na de vaststelling door de voorzitter kan hij "
    "verzonden en gepubliceerd worden."
)
NOT_SENT = _(
    "Deze brief wordt pas gepubliceerd als hij verzonden is: de geadresseerde krijgt hem eerst. "
    "Leg eerst de verzending vast met 'Verzenden vastleggen'."
)
CHANGED_SINCE_ADOPTION = _(
    "Deze tekst wijkt af van de vastgestelde tekst. Publiceer de vastgestelde versie, of bied de "
    "brief opnieuw aan ter vaststelling."
)
NOTE_REQUIRED = _(
    "Niet gepubliceerd: deze brief is al verzonden of gepubliceerd, en de tekst is gewijzigd. "
    "Een wijziging wordt alleen gepubliceerd met een wijzigingsnotitie. Kies bij 'Wijziging na "
    "verzending' een correctie (de lezer ziet de notitie) of een kleine wijziging, en schrijf "
    "kort wat er veranderd is."
)
REVIEW_REQUIRED = _(
    "Niet gepubliceerd: een gewijzigde tekst van een verzonden of gepubliceerde brief wordt pas "
    "gepubliceerd als een tweede persoon van de cliëntenraad hem heeft goedgekeurd. Bied de "
    "gewijzigde tekst aan bij 'Correctie'; na de goedkeuring publiceert de voorzitter of de "
    "secretaris hem met 'Publiceren' en de wijzigingsnotitie."
)
SUMMARY_REQUIRED = _(
    "Niet gepubliceerd: deze brief heeft nog geen samenvatting in gewone taal. Schrijf bij "
    "'Samenvatting in gewone taal' in een paar korte zinnen wat de cliëntenraad adviseert, aan "
    "wie en waarom. Past een samenvatting niet bij deze brief, vink dan 'geen samenvatting' aan "
    "en geef de reden; die staat dan op de pagina."
)
SEND_NOT_ADOPTED = _(
    "Deze brief is nog niet vastgesteld. Alleen een vastgestelde brief kan verzonden worden."
)
SEND_ALREADY_FROZEN = _(
    "Deze brief is al verzonden of gepubliceerd; de verzonden tekst ligt vast. Een wijziging "
    "publiceert u met een wijzigingsnotitie."
)


@dataclass(frozen=True)
class PublicationVerdict:
    """What publishing a revision does: refuse (with the reason) or publish, and which version to record."""

    refusal: str = ""
    record: str = ""  # "", "published", "correction" or "minor"

    @property
    def allowed(self):
        return not self.refusal


def publication_verdict(
    *,
    kind,
    adopted,
    has_versions,
    matches_latest_version,
    matches_adoption,
    reviewed=False,
    has_summary=True,
    change_kind="",
    change_note="",
):
    """May this revision go live, and does it need a new public version?

    ``reviewed``: a second person approved this text in the correction review.
    ``has_summary``: the revision has a plain-language summary, or "geen
    samenvatting" with a reason. A letter is adopted without one, never
    published without one. ``matches_adoption`` compares the letter's text
    only, so the summary may be written after the adoption.
    """
    if not adopted:
        return PublicationVerdict(refusal=str(NOT_ADOPTED))
    if not has_versions and LetterKind.must_be_sent(kind):
        return PublicationVerdict(refusal=str(NOT_SENT))
    if not has_summary:
        return PublicationVerdict(refusal=str(SUMMARY_REQUIRED))
    if not has_versions:
        if not matches_adoption:
            return PublicationVerdict(refusal=str(CHANGED_SINCE_ADOPTION))
        return PublicationVerdict(record="published")
    if matches_latest_version:
        return PublicationVerdict()
    if not (change_kind in ChangeKind.values and change_note.strip()):
        return PublicationVerdict(refusal=str(NOTE_REQUIRED))
    if not reviewed:
        return PublicationVerdict(refusal=str(REVIEW_REQUIRED))
    return PublicationVerdict(record=change_kind)


def send_refusal(*, adopted, has_versions):
    """Why this letter cannot be sent now, or "" when it can."""
    if not adopted:
        return str(SEND_NOT_ADOPTED)
    if has_versions:
        return str(SEND_ALREADY_FROZEN)
    return ""
