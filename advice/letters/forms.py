"""Forms of a letter: the letter editor and the sending form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.slugs import RouteSlugPageForm

from .rules import ChangeKind


class LetterPageForm(RouteSlugPageForm):
    """The letter editor.

    The letter belongs to the council of the page it is created under; the
    choices for addressee, agenda items and motions are that council's. The
    change note is not a page field: it travels with this publish request to
    ``advice.services.letter_publish`` (see ``wagtail_hooks``).
    """

    change_kind = forms.ChoiceField(
        label=_("soort wijziging"),
        choices=[("", _("geen wijziging in de tekst")), *ChangeKind.choices],
        required=False,
        help_text=_(
            "Alleen nodig als u een verzonden of gepubliceerde brief met een gewijzigde tekst "
            "publiceert. Een gewijzigde tekst wordt eerst goedgekeurd door een tweede persoon "
            "(bied hem aan bij 'Correctie'); daarna publiceert u hem met deze notitie."
        ),
    )
    change_note = forms.CharField(
        label=_("wijzigingsnotitie"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wat er veranderd is en waarom, in één of twee zinnen."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        if not page.council_id and self.parent_page is not None:
            page.council_id = getattr(self.parent_page.specific, "council_id", None)
        council = page.council if page.council_id else None
        if council is None:
            return
        if "addressee" in self.fields:
            self.fields["addressee"].queryset = self.fields["addressee"].queryset.filter(
                municipality_id=council.municipality_id
            )
        if "agenda_items" in self.fields:
            self.fields["agenda_items"].queryset = (
                self.fields["agenda_items"]
                .queryset.filter(meeting__council=council)
                .select_related("meeting")
                .order_by("-meeting__date", "number")
            )
            # An item's own title repeats across meetings ("Afdoening moties"):
            # say which meeting it is on.
            self.fields["agenda_items"].label_from_instance = lambda item: (
                f"{item.meeting.date:%d-%m-%Y} · {item.meeting.title} · {item} "
            ).strip()
        if "motions" in self.fields:
            self.fields["motions"].queryset = self.fields["motions"].queryset.filter(
                council=council
            )

    def clean(self):
        cleaned = super().clean()
        summary = (cleaned.get("summary") or "").strip()
        reason = (cleaned.get("no_summary_reason") or "").strip()
        if cleaned.get("no_summary"):
            if summary:
                self.add_error(
                    "no_summary",
                    _(
                        "U heeft een samenvatting geschreven én 'geen samenvatting' aangevinkt. "
                        "Kies één van beide."
                    ),
                )
            elif not reason:
                self.add_error(
                    "no_summary_reason",
                    _("Geef de reden waarom deze brief geen samenvatting heeft."),
                )
        elif reason and not summary:
            self.add_error(
                "no_summary",
                _("Vink 'geen samenvatting' aan als u een reden geeft, of laat de reden leeg."),
            )
        return cleaned

    def save(self, commit=True):
        page = super().save(commit=commit)
        page.pending_change = (
            self.cleaned_data.get("change_kind", ""),
            self.cleaned_data.get("change_note", ""),
        )
        return page


class SendForm(forms.Form):
    sent_on = forms.DateField(
        label=_("verzonden op"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("De dag waarop de brief de deur uit ging."),
    )
    sent_to = forms.CharField(
        label=_("verzonden aan"),
        max_length=255,
        help_text=_("Aan wie, bijvoorbeeld 'Commissie Werk & Financiën'."),
    )
    publish = forms.BooleanField(
        label=_("de verzonden versie meteen publiceren"),
        required=False,
        initial=True,
    )

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise forms.ValidationError(
                _(
                    "Deze datum ligt in de toekomst. Leg de verzending vast als de brief verstuurd is."
                )
            )
        return sent_on
