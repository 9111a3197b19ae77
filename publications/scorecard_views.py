"""The public consultation pages: scorecards (per council and platform-wide), lists, one consultation.

Served as routes of ``CouncilPage`` (``raadplegingen/…``) and ``HomePage``
(``raadplegingen/``). The figures and lists come from ``scorecard_for``
(counted in SQL from the stored verdicts, lists read a page at a time), so
the pages need the same number of queries for ten consultations and for fifty
thousand. Bad input
(``?page=abc``, ``?year=x``, ``?oordeel=onzin``) gets a normal page with a
note; an unknown consultation a 404. Internal notes, the audit trail and
people's names never reach these pages.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advice.consultations.routes import ConsultationRoutes
from advice.consultations.verdicts import BYPASSED, ConsultationVerdict, Rules
from advice.models import Consultation, RecordDocument
from agenda.views import council_of

from . import queries
from .charts import COLOURS, STACK_ORDER, stacked_bars
from .scorecard import scorecard_for

PER_PAGE = 25
UNKNOWN_YEAR = gettext_lazy("jaar onbekend")
UNKNOWN_YEAR_PARAM = "onbekend"

# ?oordeel= values: stable, Dutch, readable in a URL.
BYPASSED_PARAM = "zonder-raad"
VERDICT_PARAMS = {
    BYPASSED_PARAM: None,
    "niet-gevraagd": ConsultationVerdict.NOT_CONSULTED,
    "besloten-voor-advies": ConsultationVerdict.DECIDED_BEFORE_ADVICE,
    "te-laat-gevraagd": ConsultationVerdict.CONSULTED_LATE,
    "antwoord-te-laat": ConsultationVerdict.RESPONSE_OVERDUE,
    "op-tijd-gevraagd": ConsultationVerdict.CONSULTED_IN_TIME,
    "nog-niet-te-beoordelen": ConsultationVerdict.PENDING,
}


# --- Helpers -------------------------------------------------------------------------------


def parse_year(value, known_years):
    """``(year or UNKNOWN_YEAR_PARAM or None, note)`` from ``?year=``."""
    value = (value or "").strip()
    if not value:
        return None, ""
    if value == UNKNOWN_YEAR_PARAM:
        return UNKNOWN_YEAR_PARAM, ""
    try:
        year = int(value)
    except ValueError:
        return None, _("“%(value)s” is geen jaartal. Hieronder staan alle jaren.") % {
            "value": value[:20]
        }
    if year not in known_years:
        return year, _("Uit %(year)s zijn geen raadplegingen bekend.") % {"year": year}
    return year, ""


def parse_verdict(value):
    """``(param, verdicts or None, note)`` from ``?oordeel=``."""
    value = (value or "").strip()
    if not value:
        return "", None, ""
    if value not in VERDICT_PARAMS:
        return (
            "",
            None,
            _("“%(value)s” is geen oordeel dat we kennen. Hieronder staan alle raadplegingen.")
            % {"value": value[:40]},
        )
    verdict = VERDICT_PARAMS[value]
    return value, (BYPASSED if verdict is None else {verdict}), ""


def year_table(scorecard):
    """Rows of the data table beside the chart: the same figures, in the chart's order."""
    rows = []
    for year, counts in scorecard.years:
        rows.append(
            {
                "label": str(year) if year is not None else str(UNKNOWN_YEAR),
                "year_param": year if year is not None else UNKNOWN_YEAR_PARAM,
                "counts": [counts.get(verdict, 0) for verdict in STACK_ORDER],
                "total": sum(counts.values()),
            }
        )
    totals = [scorecard.verdict_counts.get(verdict, 0) for verdict in STACK_ORDER]
    return {
        "columns": [
            {"verdict": verdict, "label": verdict.label, "colour": COLOURS[verdict]}
            for verdict in STACK_ORDER
        ],
        "rows": rows,
        "totals": totals,
        "total": scorecard.total,
    }


def figures_context(data, *, chart_id):
    scorecard = data.scorecard
    return {
        "card": scorecard,
        "chart": stacked_bars(scorecard.years, unknown_year_label=UNKNOWN_YEAR),
        "chart_id": chart_id,
        "table": year_table(scorecard),
        "in_time": scorecard.verdict_counts.get(ConsultationVerdict.CONSULTED_IN_TIME, 0),
        "late": scorecard.verdict_counts.get(ConsultationVerdict.CONSULTED_LATE, 0),
    }


def public_letter_urls(request, letter_ids):
    """``{letter id: url}`` for the letters among ``letter_ids`` that are live and public."""
    letter_ids = {pk for pk in letter_ids if pk}
    if not letter_ids:
        return {}
    letters = queries.public_letters().filter(pk__in=letter_ids)
    return {letter.pk: letter.get_url(request) for letter in letters}


def linked(request, entries, routes_by_council, names_by_council=None):
    """Each entry with the URLs of its own page, its agenda item and its (public) letter."""
    letters = public_letter_urls(request, [entry.letter_id for entry in entries])
    result = []
    for entry in entries:
        routes = routes_by_council[entry.council_id]
        result.append(
            {
                "entry": entry,
                "url": routes.consultation(entry.pk),
                "item_url": (
                    f"{routes.meeting(entry.meeting_id)}#agendapunt-{entry.agenda_item_id}"
                    if entry.agenda_item_id
                    else ""
                ),
                "letter_url": letters.get(entry.letter_id, ""),
                "council_name": (names_by_council or {}).get(entry.council_id, ""),
            }
        )
    return result


# --- Council routes ------------------------------------------------------------------------


def council_scorecard(request, *, page):
    council = council_of(page)
    page.council = council
    routes = ConsultationRoutes(page, request)
    data = scorecard_for(council=council, today=timezone.localdate())
    bypassed_page = Paginator(data.bypassed_entries, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "council": council,
        "routes": routes,
        "rules": Rules.of(council),
        "bypassed_page": bypassed_page,
        "bypassed": linked(request, bypassed_page.object_list, {council.pk: routes}),
        **figures_context(data, chart_id="raadplegingen-grafiek"),
    }
    return TemplateResponse(request, "publications/scorecard_council.html", context)


def consultation_list(request, *, page):
    council = council_of(page)
    page.council = council
    routes = ConsultationRoutes(page, request)
    data = scorecard_for(council=council, today=timezone.localdate())

    years = data.years
    year, year_note = parse_year(request.GET.get("year"), years)
    verdict_param, verdicts, verdict_note = parse_verdict(request.GET.get("oordeel"))
    entries = data.entries_where(
        year=None if year == UNKNOWN_YEAR_PARAM else False if year is None else year,
        verdicts=verdicts,
    )
    listed = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))

    context = {
        "page": page,
        "council": council,
        "routes": routes,
        "years": years,
        "has_unknown_year": data.has_unknown_year,
        "year": year if (year in years or year == UNKNOWN_YEAR_PARAM) else None,
        "unknown_year_param": UNKNOWN_YEAR_PARAM,
        "verdict_param": verdict_param,
        "verdict_options": [
            {"param": BYPASSED_PARAM, "label": _("zonder de cliëntenraad of vóór zijn advies")},
            *(
                {"param": param, "label": verdict.label}
                for param, verdict in VERDICT_PARAMS.items()
                if verdict is not None
            ),
        ],
        "notes": [note for note in (year_note, verdict_note) if note],
        "total": data.scorecard.total,
        "listed": listed,
        "rows": linked(request, listed.object_list, {council.pk: routes}),
    }
    return TemplateResponse(request, "publications/consultation_list.html", context)


def consultation_detail(request, *, page, pk):
    council = council_of(page)
    page.council = council
    routes = ConsultationRoutes(page, request)
    consultation = get_object_or_404(
        Consultation.objects.for_council(council)
        .with_advice_sent()
        .select_related("body", "agenda_item__meeting__body", "latest_revision"),
        pk=pk,
    )
    consultation.council = council
    judgement = consultation.judgement(timezone.localdate())
    item = consultation.agenda_item
    context = {
        "page": page,
        "council": council,
        "routes": routes,
        "consultation": consultation,
        "judgement": judgement,
        "rules": Rules.of(council),
        "item_url": (
            f"{routes.meeting(item.meeting_id)}#agendapunt-{item.pk}" if item is not None else ""
        ),
        "letter_url": public_letter_urls(request, [consultation.letter_id]).get(
            consultation.letter_id, ""
        ),
        "updated_at": (
            consultation.latest_revision.created_at if consultation.latest_revision else None
        ),
        "documents": list(
            RecordDocument.objects.shown_with_public_record()
            .filter(consultation=consultation)
            .select_related("document")
            .in_order()
        ),
    }
    return TemplateResponse(request, "publications/consultation_detail.html", context)


# --- Platform route (HomePage) -----------------------------------------------------------------


def platform_scorecard(request, *, page, council_pages=None):
    """``council_pages``: the live, public council pages (with their council) under ``page``."""
    if council_pages is None:
        council_pages = list(page.live_council_pages())
    routes_by_council = {
        council_page.council_id: ConsultationRoutes(council_page, request)
        for council_page in council_pages
    }
    names = {council_page.council_id: council_page.council.name for council_page in council_pages}
    data = scorecard_for(councils=routes_by_council, today=timezone.localdate())
    per_council = data.per_council()
    councils = [
        {
            "name": council_page.council.name,
            "url": routes_by_council[council_page.council_id].consultations(),
            "figures": per_council.get(council_page.council_id),
        }
        for council_page in council_pages
    ]
    bypassed_page = Paginator(data.bypassed_entries, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "councils": councils,
        "bypassed_page": bypassed_page,
        "bypassed": linked(request, bypassed_page.object_list, routes_by_council, names),
        **figures_context(data, chart_id="platform-grafiek"),
    }
    return TemplateResponse(request, "publications/scorecard_platform.html", context)
