from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Frequency


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        max_length=254,
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.nl."),
            "max_length": _("Dit e-mailadres is te lang."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("Hoe vaak wilt u een bericht?"),
        choices=Frequency.choices,
        initial=Frequency.DIRECT,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies hoe vaak u een bericht wilt."),
            "invalid_choice": _("Kies direct, dagelijks of wekelijks."),
        },
    )
    zoekopdracht = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
