"""``/api/v2/consultations/``: the consultation record of councils with a public page."""

from wagtail.api.v2.views import BaseAPIViewSet

from advice.consultations import fields as consultation_fields
from advice.models import Consultation
from council.models import Council

from .. import caching, queries
from .base import (
    Computed,
    PublicAPIMixin,
    QueryFilter,
    _agenda_item,
    _body,
    _council,
    _documents,
    _page_url,
    _ref,
    absolute,
    by_body,
    by_slug,
    by_year,
    public_documents_prefetch,
)

# --- Consultations -------------------------------------------------------------------------------


def _verdict(consultation, request):
    """The verdict as the consultation page states it today, with every sentence behind it."""
    judgement = consultation.judgement()
    return {
        "verdict": judgement.verdict.value,
        "label": str(judgement.label),
        "findings": list(judgement.findings),
        "notice_days": judgement.notice,
        "required_notice": judgement.required_notice,
        "counted_in": "working_days" if consultation.council.counts_working_days else "days",
        "response_due": _ref(judgement.response_due),
    }


def _consultation_letter(consultation, request):
    """The answering letter, only while it is published and public."""
    letter = consultation.letter
    if letter is None or not letter.live or letter.pk not in request._public_letter_ids:
        return None
    return {"id": letter.pk, "title": letter.title, "html_url": _page_url(letter, request)}


class ConsultationsAPIViewSet(PublicAPIMixin, BaseAPIViewSet):
    name = "consultations"
    model = Consultation
    open_data_description = (
        "Raadplegingen: besluiten waarover de gemeente de cliëntenraad om advies moest vragen, "
        "met alle data en het oordeel of dat op tijd gebeurde (berekend op de dag van de vraag)."
    )
    cache_scopes = (caching.CONSULTATIONS, caching.LETTERS, caching.MEETINGS)
    cache_daily = True
    query_filters = {
        "council": QueryFilter(
            by_slug(Council, "council", "council"), "korte naam van de cliëntenraad"
        ),
        "body": QueryFilter(by_body("body"), "besluitend orgaan: '<gemeente>/<orgaan>'"),
        "year": QueryFilter(by_year("decided_on"), "jaar van het besluit"),
    }
    body_fields = consultation_fields.api_fields(
        council=Computed(lambda c, r: _council(c.council)),
        body=Computed(lambda c, r: _body(c.body) if c.body else None),
        agenda_item=Computed(_agenda_item),
        advice_sent=Computed(lambda c, r: _ref(c.advice_sent)),
        advice_sent_from_letter=Computed(lambda c, r: c.advice_sent_from_letter),
        verdict=Computed(_verdict),
        letter=Computed(_consultation_letter),
        documents=Computed(_documents),
        html_url=Computed(lambda c, r: absolute(r, c.get_absolute_url())),
    )

    @classmethod
    def get_listing_default_fields(cls, model):
        return ["id", "type", "detail_url", *cls.field_names()[1:]]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Which answering letters may be linked: one query for the whole response.
        request._public_letter_ids = set(
            queries.public_letters()
            .filter(consultations__isnull=False)
            .values_list("pk", flat=True)
        )

    def public_queryset(self):
        return (
            Consultation.objects.public()
            .for_listing()
            .select_related("council__page", "body__municipality", "letter")
            .prefetch_related(public_documents_prefetch())
            .newest_first()
        )
