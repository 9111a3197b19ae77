"""Public views of the advice layer that extend a lower layer's page.

The meeting page (agenda, extended by motions) shows per agenda item the
published letters about it, the consultations on it with their verdicts, and
its public documents (never the internal ones).
Everything is prefetched: the number of queries does not grow with the items.
"""

from django.db.models import Prefetch

from agenda.models import AgendaItem
from motions import views as motion_views

from .consultations.routes import ConsultationRoutes
from .models import Consultation, LetterPage, RecordDocument


def meeting_detail(request, *, page, pk):
    items = AgendaItem.objects.prefetch_related(
        Prefetch(
            "letters",
            queryset=LetterPage.objects.live().public().newest_first(),
            to_attr="public_letters",
        ),
        Prefetch(
            "consultations",
            queryset=Consultation.objects.with_advice_sent()
            .select_related("council")
            .order_by("pk"),
            to_attr="consultation_records",
        ),
        Prefetch(
            "documents",
            queryset=RecordDocument.objects.public().select_related("document").in_order(),
            to_attr="public_documents",
        ),
    )
    response = motion_views.meeting_detail(
        request, page=page, pk=pk, items=items, template="advice/meeting_detail.html"
    )
    routes = ConsultationRoutes(page, request)
    today = response.context_data["today"]
    for item in response.context_data["items"]:
        item.letter_list = [
            {"letter": letter, "url": letter.get_url(request)} for letter in item.public_letters
        ]
        item.consultation_list = [
            {
                "consultation": consultation,
                "judgement": consultation.judgement(today),
                "url": routes.consultation(consultation.pk),
            }
            for consultation in item.consultation_records
        ]
    return response
