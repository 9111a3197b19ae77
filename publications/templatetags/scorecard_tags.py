"""``{% scorecard_summary_for page as summary %}``: the few figures the summary include shows."""

from django import template
from django.utils import timezone

from advice.consultations.routes import ConsultationRoutes
from advice.consultations.verdicts import BYPASSED, ConsultationVerdict

from ..scorecard import scorecard_for

register = template.Library()


@register.simple_tag(takes_context=True)
def scorecard_summary_for(context, page):
    """For a CouncilPage: that council's figures; for the HomePage: the platform's."""
    request = context.get("request")
    council = getattr(page, "council", None)
    data = scorecard_for(council=council, today=timezone.localdate())
    counts = data.verdict_counts
    if council is not None:
        url = ConsultationRoutes(page, request).consultations()
    else:
        url = (page.get_url(request) or "") + page.reverse_subpage("scorecard")
    return {
        "council": council,
        "total": sum(counts.values()),
        "bypassed": sum(count for verdict, count in counts.items() if verdict in BYPASSED),
        "in_time": counts.get(ConsultationVerdict.CONSULTED_IN_TIME, 0),
        "url": url,
    }
