"""The admin form of a document on the record: upload, kind, public, and the response-date question."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from council.date_input import DateField, DateInput
from council.plain_text import PlainTextField

from .uploads import DocumentFileField

FILL_RESPONSE_DATE = "fill_response_date"


class RecordDocumentForm(WagtailAdminModelForm):
    """Adds the file and the title (stored on the Wagtail document) to the attachment's fields.

    A new attachment of kind *reactie van het college* may fill the
    consultation's response date, but only when the clerk ticks the question
    and gives the date; left unticked, the date is not touched. Once saved,
    the file and the record it belongs to stay as they are (remove and add
    again to change them): the history of a record does not move between
    records.
    """

    title = PlainTextField(
        label=gettext_lazy("Titel"),
        max_length=255,
        help_text=gettext_lazy(
            "Zoals het document heet, bijvoorbeeld 'Adviesaanvraag Armoedebeleid'."
        ),
    )
    file = DocumentFileField()
    response_date = DateField(
        label=gettext_lazy("Datum van de reactie van het college"),
        required=False,
        widget=DateInput,
        help_text=gettext_lazy(
            "Alleen bij een reactie van het college: de datum van de brief van het college."
        ),
    )
    fill_response_date = forms.BooleanField(
        label=gettext_lazy(
            "Datum van de reactie bij de raadpleging invullen met de datum hierboven?"
        ),
        required=False,
        help_text=gettext_lazy(
            "Vink dit aan om 'antwoord ontvangen op' van de raadpleging in te vullen. Zonder vinkje "
            "blijft de raadpleging zoals zij is."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["title"].initial = self.instance.document.title
            for name in ("file", "consultation", "agenda_item"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].required = False
            for name in ("response_date", FILL_RESPONSE_DATE):
                self.fields.pop(name, None)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            return cleaned
        consultation = cleaned.get("consultation")
        agenda_item = cleaned.get("agenda_item")
        if consultation and agenda_item:
            self.add_error(
                "agenda_item",
                _(
                    "Kies een raadpleging of een agendapunt, niet beide: een document hoort bij één."
                ),
            )
        elif not (
            consultation
            or agenda_item
            or self.has_error("consultation")
            or self.has_error("agenda_item")
        ):
            self.add_error(
                "consultation", _("Kies de raadpleging of het agendapunt van dit document.")
            )
        if cleaned.get(FILL_RESPONSE_DATE):
            if cleaned.get("kind") != "executive_response" or not consultation:
                self.add_error(
                    FILL_RESPONSE_DATE,
                    _(
                        "Alleen een reactie van het college bij een raadpleging kan de datum van "
                        "de reactie invullen. Haal het vinkje weg of kies de soort 'reactie van "
                        "het college'."
                    ),
                )
            elif not cleaned.get("response_date") and not self.has_error("response_date"):
                self.add_error(
                    "response_date",
                    _("Vul de datum van de reactie in, of haal het vinkje hieronder weg."),
                )
        return cleaned

    def response_date_to_fill(self):
        """The date the clerk asked to fill in, or None: never filled without the tick."""
        if self.instance.pk or not self.cleaned_data.get(FILL_RESPONSE_DATE):
            return None
        return self.cleaned_data.get("response_date")
