"""The consultation form."""

from council.stale_edits import VersionedAdminForm


class ConsultationForm(VersionedAdminForm):
    """Offers only letters that were sent or published: a draft is not (yet) advice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "letter" in self.fields:
            field = self.fields["letter"]
            letters = field.queryset.filter(versions__isnull=False)
            if self.instance.letter_id:
                letters = letters | field.queryset.filter(pk=self.instance.letter_id)
            field.queryset = (
                letters.distinct()
                .select_related("council")
                .order_by("council__name", "-date", "title")
            )
            field.label_from_instance = self._letter_label

    @staticmethod
    def _letter_label(letter):
        reference = f"{letter.reference} " if letter.reference else ""
        return f"{reference}{letter.title} ({letter.council.name})"
