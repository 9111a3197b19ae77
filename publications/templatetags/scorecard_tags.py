"""``{% scorecard_summary_for page as summary %}``: the few figures the summary include shows."""

from django import template
from django.utils import timezone

from advice.consultations.routes import ConsultationRoutes
from advice.consultations.verdicts import ConsultationVerdict

from ..scorecard import scorecard_for

register = template.Library()


@register.simple_tag(takes_context=True)
def scorecard_summary_for(context, page):
    """For a CouncilPage: that council's figures; for the HomePage: the platform's."""
    request = context.get("request")
    council = getattr(page, "council", None)
    data = scorecard_for(council=council, today=timezone.localdate())
    card = data.scorecard
    if council is not None:
        url = ConsultationRoutes(page, request).consultations()
    else:
        url = (page.get_url(request) or "") + page.reverse_subpage("scorecard")
    return {
        "council": council,
        "total": card.total,
        "bypassed": card.bypassed,
        "in_time": card.verdict_counts.get(ConsultationVerdict.CONSULTED_IN_TIME, 0),
        "url": url,
    }
