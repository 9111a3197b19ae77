"""axe-core in the browser: fail on serious or critical WCAG 2.1 A/AA violations.

axe-core comes bundled in ``axe-playwright-python``; nothing is fetched at run
time. Only the WCAG 2.0 and 2.1 level A and AA rules run (the promise in
DESIGN.md); axe's best-practice rules are left out.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()


def axe_violations(page):
    """Every WCAG A/AA violation axe finds on the page as loaded now."""
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def blocking(violations):
    return [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]


def describe(violations):
    """A report a developer can fix from: rule, impact, help, link, failing nodes."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}")
            if node.get("failureSummary"):
                for summary_line in node["failureSummary"].splitlines():
                    lines.append(f"      {summary_line.strip()}")
    return "\n".join(lines)


def assert_no_serious_violations(page):
    """Fail the test if axe finds a serious or critical violation on ``page``."""
    found = blocking(axe_violations(page))
    if found:
        pytest.fail(
            f"axe found {len(found)} serious or critical WCAG violation(s) on {page.url}:\n"
            + describe(found),
            pytrace=False,
        )
