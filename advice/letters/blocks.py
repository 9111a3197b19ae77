"""The blocks a letter's body is made of.

A few reusable blocks: Markdown text, numbered points, a quotation of
someone else's text, a section per agenda item (holding the other blocks)
and the signature. Every piece of running text is Markdown, rendered and
sanitised once, in ``advice.markdown``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from agenda.models import AgendaItem
from council.public_site import public_site

from ..markdown import render_markdown


class MarkdownBlock(blocks.TextBlock):
    """Running text, written in Markdown."""

    def __init__(self, **kwargs):
        kwargs.setdefault("rows", 6)
        super().__init__(**kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        level = (parent_context or {}).get("heading_level", 2)
        context["html"] = render_markdown(value, heading_level=level)
        return context

    def get_searchable_content(self, value):
        return [value or ""]

    def get_comparison_class(self):
        """Compare-revisions shows the Markdown as typed, line by line (not one paragraph)."""
        from .comparison import MarkdownBlockComparison

        return MarkdownBlockComparison

    class Meta:
        icon = "doc-full"
        label = _("Tekst")
        template = "advice/blocks/markdown.html"
        preview_value = (
            "De Cliëntenraad wil hier **enkele kanttekeningen** bij plaatsen.\n\n"
            "Zie ook [de verordening](https://example.org/verordening)."
        )
        preview_description = _("Tekst in Markdown: *cursief*, **vet**, [link](https://…).")
        help_text = _(
            "Markdown: een lege regel begint een nieuwe alinea; *cursief*, **vet**, "
            "[tekst](https://adres) voor een link. HTML wordt weggelaten."
        )


class AgendaItemChooserBlock(SnippetChooserBlock):
    """A link to an agenda item, chosen with the agenda layer's item chooser.

    Wagtail's own block would read each chosen item on its own; this one
    reads the items of a whole letter at once, with what the section shows of
    them (the meeting, its body, the council page its link points to).
    """

    def __init__(self, **kwargs):
        super().__init__("agenda.AgendaItem", **kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        return "advice.letters.blocks.AgendaItemChooserBlock", (), kwargs

    def _queryset(self):
        return AgendaItem.objects.select_related(
            "meeting__body", public_site().council_page_path("meeting__council")
        )

    def to_python(self, value):
        if value is None:
            return None
        return self._queryset().filter(pk=value).first()

    def bulk_to_python(self, values):
        found = self._queryset().in_bulk([value for value in values if value is not None])
        return [found.get(value) for value in values]


class PointBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("nummer"),
        required=False,
        max_length=12,
        help_text=_("Zoals de brief het schrijft, bijvoorbeeld '1)' of '2.'. Leeg: automatisch."),
    )
    text = MarkdownBlock(label=_("tekst"), rows=3)

    class Meta:
        icon = "order"
        label = _("punt")


class NumberedPointsBlock(blocks.StructBlock):
    points = blocks.ListBlock(PointBlock(), label=_("punten"), min_num=1)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        level = (parent_context or {}).get("heading_level", 2)
        context["numbered"] = [
            (point["label"] or f"{position}.", render_markdown(point["text"], heading_level=level))
            for position, point in enumerate(value["points"], start=1)
        ]
        return context

    class Meta:
        icon = "list-ol"
        label = _("Genummerde punten")
        template = "advice/blocks/numbered_points.html"
        preview_value = {
            "points": [
                {"label": "1)", "text": "De samenwerking biedt cliënten geen enkel voordeel."},
                {"label": "2)", "text": "Gemeenteraden staan op afstand."},
            ]
        }
        preview_description = _("Een genummerde opsomming; de nummers blijven zoals geschreven.")


class QuotationBlock(blocks.StructBlock):
    """Someone else's words, quoted in the letter: never the council's own text."""

    attribution = MarkdownBlock(
        label=_("inleiding"),
        rows=2,
        required=False,
        help_text=_(
            "Wie het zegt, zoals de brief het citaat inleidt, bijvoorbeeld "
            "'Uit een webforum geciteerd (niet onze tekst, wel mee eens):'."
        ),
    )
    quote = MarkdownBlock(label=_("citaat"))
    source = blocks.CharBlock(
        label=_("bron"),
        required=False,
        max_length=255,
        help_text=_(
            "Waar het citaat vandaan komt, bijvoorbeeld 'Nota nr. 93994, gemeente Deventer'."
        ),
    )
    source_url = blocks.URLBlock(label=_("link naar de bron"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citaat")
        template = "advice/blocks/quotation.html"
        preview_value = {
            "attribution": "Uit een webforum geciteerd (niet onze tekst, wel mee eens):",
            "quote": "*Agressie zal nooit geheel uitgebannen kunnen worden.*",
            "source": "webforum",
            "source_url": "",
        }
        preview_description = _("Tekst van een ander, met wie het zegt en de bron.")


class SectionContentBlock(blocks.StreamBlock):
    text = MarkdownBlock()
    points = NumberedPointsBlock()
    quotation = QuotationBlock()


class SectionBlock(blocks.StructBlock):
    """A part of the letter, usually about one agenda item."""

    heading = blocks.CharBlock(
        label=_("kop"),
        max_length=255,
        help_text=_("Zoals in de brief, bijvoorbeeld '5. Sociale winst op aanbesteding'."),
    )
    agenda_item = AgendaItemChooserBlock(
        label=_("agendapunt"),
        required=False,
        help_text=_("Het agendapunt waar dit deel over gaat, als het over een agendapunt gaat."),
    )
    content = SectionContentBlock(label=_("inhoud"))

    class Meta:
        icon = "list-ul"
        label = _("Onderdeel (per agendapunt)")
        template = "advice/blocks/section.html"
        preview_value = {
            "heading": "5. Sociale winst op aanbesteding",
            "agenda_item": None,
            "content": [
                ("text", "De Cliëntenraad steunt dit initiatiefvoorstel in beginsel."),
            ],
        }
        preview_description = _("Een kop met een link naar het agendapunt, en de tekst erbij.")


class SignatureBlock(blocks.StructBlock):
    closing = blocks.CharBlock(
        label=_("groet"),
        required=False,
        max_length=255,
        help_text=_(
            "Bijvoorbeeld 'Met vriendelijke groet'. Leeg laten als de brief die niet heeft."
        ),
    )
    signatory = blocks.TextBlock(
        label=_("ondertekening"),
        rows=2,
        help_text=_("Zoals onder de brief, elke regel op een eigen regel."),
    )

    class Meta:
        icon = "edit"
        label = _("Ondertekening")
        template = "advice/blocks/signature.html"
        preview_value = {
            "closing": "Met vriendelijke groet",
            "signatory": "De Cliëntenraad Werk en Inkomen Amersfoort",
        }
        preview_description = _("De groet en de naam van de cliëntenraad onder de brief.")


class LetterBodyBlock(blocks.StreamBlock):
    text = MarkdownBlock()
    section = SectionBlock()
    points = NumberedPointsBlock()
    quotation = QuotationBlock()
    signature = SignatureBlock()
