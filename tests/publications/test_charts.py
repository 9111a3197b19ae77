from defusedxml import ElementTree
from django.template.loader import render_to_string

from advice.consultations.verdicts import ConsultationVerdict
from publications.charts import BAR_AREA, LABEL_WIDTH, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"
YEARS = [
    (2026, {ConsultationVerdict.CONSULTED_IN_TIME: 3, ConsultationVerdict.NOT_CONSULTED: 1}),
    (2025, {ConsultationVerdict.DECIDED_BEFORE_ADVICE: 2}),
    (None, {ConsultationVerdict.NOT_CONSULTED: 1}),
]


def test_widths_are_proportional_to_counts():
    chart = stacked_bars(YEARS, unknown_year_label="onbekend")

    first, second, unknown = chart.bars
    assert [s.verdict for s in first.segments] == [
        ConsultationVerdict.CONSULTED_IN_TIME,
        ConsultationVerdict.NOT_CONSULTED,
    ]
    assert first.segments[0].width == BAR_AREA * 3 / 4
    assert first.segments[1].x == LABEL_WIDTH + BAR_AREA * 3 / 4
    assert second.segments[0].width == BAR_AREA * 2 / 4
    assert unknown.label == "onbekend"


def test_empty_chart_has_no_bars():
    assert stacked_bars([], unknown_year_label="onbekend").bars == []


def test_svg_is_well_formed_and_described():
    chart = stacked_bars(YEARS, unknown_year_label="onbekend")

    html = render_to_string(
        "publications/includes/scorecard_chart.html", {"chart": chart, "chart_id": "kaart"}
    )
    svg_text = html[html.index("<svg role") : html.index("</svg>", html.index("<svg role")) + 6]
    svg = ElementTree.fromstring(svg_text)

    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "kaart-title kaart-desc"
    assert svg.find(f"{SVG}title").text == "Uitkomst van de raadplegingen per jaar"
    description = svg.find(f"{SVG}desc").text
    assert "2026: 3 op tijd gevraagd, 1 niet gevraagd." in description
    assert len(svg.findall(f".//{SVG}rect")) == 4
