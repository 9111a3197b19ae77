"""Was the council consulted before the decision? The one rule that says so.

Everything that shows a consultation verdict (the admin, the public letter
and scorecard pages, the feeds, the reminders) calls :func:`judge`. It is a
pure function of the recorded dates, the council's rules from its
*verordening cliëntenparticipatie* and today's date, and it explains itself:
every verdict comes with the sentence that justifies it, including how each
deadline was computed, so that a clerk, a resident or a journalist can check
the arithmetic.

Order of precedence, worst first, when several apply:

1. not consulted: a decision was taken and the council was never asked;
2. decided before the advice: the decision came before the advice was in
   (before the advice was sent, or before the date it was due, whichever is
   earlier), or even before the council was asked;
3. consulted late: asked, but with less notice than the regulation requires;
4. response overdue: advice sent and no written response within the term
   (a response that came after the term counts too);
5. consulted in time: asked with at least the required notice;
6. pending: none of the above can be said yet (no decision, or its date is
   unknown, or the council was asked on an unknown date, and nothing else is
   wrong).

"Never asked" and "asked on a date nobody recorded" are different facts:
``Dates.asked`` records the second, so that a missing date is never read as
"not consulted".

All findings that apply are kept in ``findings``, so a consultation that was
late *and* whose response is overdue shows both, with one verdict in front.
"""

import dataclasses
import datetime

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from council.dates import (
    add_working_days,
    format_day,
    holiday_name,
    holidays_between,
    working_days_between,
)


class ConsultationVerdict(models.TextChoices):
    NOT_CONSULTED = "not_consulted", gettext_lazy("niet gevraagd")
    DECIDED_BEFORE_ADVICE = "decided_before_advice", gettext_lazy("besloten vóór het advies")
    CONSULTED_LATE = "consulted_late", gettext_lazy("te laat gevraagd")
    RESPONSE_OVERDUE = "response_overdue", gettext_lazy("antwoord te laat")
    CONSULTED_IN_TIME = "consulted_in_time", gettext_lazy("op tijd gevraagd")
    PENDING = "pending", gettext_lazy("(nog) niet te beoordelen")


#: Verdicts that count against the municipality on the public scorecard.
BYPASSED = frozenset({ConsultationVerdict.NOT_CONSULTED, ConsultationVerdict.DECIDED_BEFORE_ADVICE})


@dataclasses.dataclass(frozen=True)
class Rules:
    """The terms of a council's regulation."""

    notice_weeks: int
    response_weeks: int
    working_days: bool = False

    @classmethod
    def of(cls, council):
        return cls(
            notice_weeks=council.notice_weeks,
            response_weeks=council.response_weeks,
            working_days=council.counts_working_days,
        )

    @property
    def days_per_week(self):
        return 5 if self.working_days else 7

    @property
    def required_notice(self):
        return self.notice_weeks * self.days_per_week

    @property
    def response_term(self):
        return self.response_weeks * self.days_per_week


@dataclasses.dataclass(frozen=True)
class Dates:
    """What a clerk recorded. ``None`` means "not (yet) known or not happened".

    ``decided`` and ``asked`` say that the decision was taken, or the council
    was asked, on a date that is not known: the record then says "datum
    onbekend" instead of inventing one, and the verdict copes with it.
    """

    asked_on: datetime.date | None = None
    advice_due: datetime.date | None = None
    advice_sent: datetime.date | None = None
    decided_on: datetime.date | None = None
    decided: bool | None = None
    asked: bool = False
    response_received: datetime.date | None = None
    response_extension: int = 0
    response_extension_reason: str = ""

    @property
    def decision_taken(self):
        """A decision with an unknown date still counts as taken."""
        return bool(self.decided) or self.decided_on is not None

    @property
    def was_asked(self):
        """Asked on a date nobody recorded (``asked``) still counts as asked."""
        return self.asked or self.asked_on is not None


@dataclasses.dataclass(frozen=True)
class Judgement:
    verdict: ConsultationVerdict
    explanation: str
    findings: tuple[str, ...]
    notice: int | None = None
    required_notice: int | None = None
    response_due: datetime.date | None = None
    response_time: int | None = None

    @property
    def label(self):
        return self.verdict.label

    @property
    def bypassed(self):
        return self.verdict in BYPASSED


def _unit(count, rules):
    if rules.working_days:
        return ngettext("%(count)d werkdag", "%(count)d werkdagen", count) % {"count": count}
    return ngettext("%(count)d dag", "%(count)d dagen", count) % {"count": count}


def count_days(start, end, rules):
    """Days in (start, end], in the unit the regulation counts in."""
    if rules.working_days:
        return working_days_between(start, end)
    return (end - start).days


def add_days(start, count, rules):
    if rules.working_days:
        return add_working_days(start, count)
    return start + datetime.timedelta(days=count)


def _holiday_note(start, end, rules):
    if not rules.working_days or end <= start:
        return ""
    names = [f"{holiday_name(day)} ({format_day(day)})" for day in holidays_between(start, end)]
    if not names:
        return ""
    return " " + _("Feestdagen tellen niet mee: %(days)s.") % {"days": ", ".join(names)}


def _notice_finding(dates, rules):
    """(in_time, sentence thunk, notice) for an asked and dated decision."""
    notice = count_days(dates.asked_on, dates.decided_on, rules)

    def sentence():
        text = _(
            "Advies gevraagd op %(asked)s, besluit op %(decided)s: %(notice)s, "
            "de verordening vraagt %(required)d."
        ) % {
            "asked": format_day(dates.asked_on),
            "decided": format_day(dates.decided_on),
            "notice": _unit(notice, rules),
            "required": rules.required_notice,
        }
        return text + _holiday_note(dates.asked_on, dates.decided_on, rules)

    return notice >= rules.required_notice, sentence, notice


def _advice_moment(dates):
    """The date by which the decision-maker should have had the advice."""
    known = [day for day in (dates.advice_sent, dates.advice_due) if day is not None]
    return min(known) if known else None


def _before_advice_finding(dates):
    """A sentence thunk when the dated decision came before the advice was in, else None."""
    advice_moment = _advice_moment(dates)
    if advice_moment is None or dates.decided_on >= advice_moment:
        return None

    def sentence():
        if dates.advice_sent is not None and dates.advice_sent == advice_moment:
            reason = _("het advies werd op %(day)s verzonden") % {
                "day": format_day(dates.advice_sent)
            }
        else:
            reason = _("het advies moest uiterlijk %(day)s binnen zijn") % {
                "day": format_day(advice_moment)
            }
        return _("Besluit genomen op %(decided)s, vóór het advies: %(reason)s.") % {
            "decided": format_day(dates.decided_on),
            "reason": reason,
        }

    return sentence


def _response_finding(dates, rules, today):
    """(overdue, sentence thunk, due, response_time) once advice has been sent."""
    term = rules.response_term + dates.response_extension
    due = add_days(dates.advice_sent, term, rules)
    took = None
    if dates.response_received is not None:
        took = count_days(dates.advice_sent, dates.response_received, rules)
        overdue = dates.response_received > due
    else:
        overdue = today > due

    def term_text():
        text = _("de termijn van %(term)s liep tot %(due)s") % {
            "term": _unit(rules.response_term, rules),
            "due": format_day(due),
        }
        if dates.response_extension:
            text = _(
                "de termijn van %(term)s, verlengd met %(extra)s (%(reason)s), liep tot %(due)s"
            ) % {
                "term": _unit(rules.response_term, rules),
                "extra": _unit(dates.response_extension, rules),
                "reason": dates.response_extension_reason or _("zonder reden"),
                "due": format_day(due),
            }
        return text + _holiday_note(dates.advice_sent, due, rules)

    def sentence():
        if dates.response_received is not None:
            return _(
                "Advies verzonden op %(sent)s, antwoord ontvangen op %(received)s na %(took)s; "
                "%(term)s."
            ) % {
                "sent": format_day(dates.advice_sent),
                "received": format_day(dates.response_received),
                "took": _unit(took, rules),
                "term": term_text(),
            }
        if overdue:
            late = count_days(due, today, rules)
            return _(
                "Advies verzonden op %(sent)s, nog geen antwoord; %(term)s, dat is %(late)s "
                "geleden."
            ) % {
                "sent": format_day(dates.advice_sent),
                "term": term_text(),
                "late": _unit(late, rules),
            }
        return _("Advies verzonden op %(sent)s, nog geen antwoord; %(term)s.") % {
            "sent": format_day(dates.advice_sent),
            "term": term_text(),
        }

    return overdue, sentence, due, took


def judge(dates, rules, *, today, explain=True):
    """The verdict on one consultation, with the sentences that explain it.

    ``explain=False`` decides exactly the same verdict and figures but leaves
    ``explanation`` and ``findings`` empty: the scorecard judges thousands of
    consultations and shows none of their sentences. The sentences are built
    lazily, so both modes run the same decisions.
    """
    findings = []  # thunks: each returns one sentence
    verdicts = []
    notice = None
    response_due = None
    response_time = None

    if dates.decision_taken and not dates.was_asked:

        def not_asked():
            when = format_day(dates.decided_on) if dates.decided_on else _("een onbekende datum")
            return _("Besluit genomen op %(when)s; de cliëntenraad is niet om advies gevraagd.") % {
                "when": when
            }

        findings.append(not_asked)
        verdicts.append(ConsultationVerdict.NOT_CONSULTED)

    elif dates.decided_on is not None and dates.asked_on is not None:
        if dates.decided_on < dates.asked_on:
            findings.append(
                lambda: (
                    _(
                        "Besluit genomen op %(decided)s, maar de cliëntenraad werd pas op "
                        "%(asked)s om advies gevraagd."
                    )
                    % {"decided": format_day(dates.decided_on), "asked": format_day(dates.asked_on)}
                )
            )
            verdicts.append(ConsultationVerdict.DECIDED_BEFORE_ADVICE)
        elif before_advice := _before_advice_finding(dates):
            findings.append(before_advice)
            verdicts.append(ConsultationVerdict.DECIDED_BEFORE_ADVICE)

        if dates.decided_on >= dates.asked_on:
            in_time, sentence, notice = _notice_finding(dates, rules)
            findings.append(sentence)
            verdicts.append(
                ConsultationVerdict.CONSULTED_IN_TIME
                if in_time
                else ConsultationVerdict.CONSULTED_LATE
            )

    elif dates.decided_on is not None:
        # Asked, but on a date nobody recorded: the notice cannot be counted,
        # a decision before the advice can still be seen.
        if before_advice := _before_advice_finding(dates):
            findings.append(before_advice)
            verdicts.append(ConsultationVerdict.DECIDED_BEFORE_ADVICE)
        findings.append(
            lambda: (
                _(
                    "Advies gevraagd op een onbekende datum, besluit op %(decided)s; niet te zeggen "
                    "of de cliëntenraad op tijd is gevraagd."
                )
                % {"decided": format_day(dates.decided_on)}
            )
        )

    elif dates.decision_taken:
        findings.append(
            lambda: _(
                "Besluit genomen op een onbekende datum; niet te zeggen of de "
                "cliëntenraad op tijd is gevraagd."
            )
        )

    if dates.advice_sent is not None:
        overdue, sentence, response_due, response_time = _response_finding(dates, rules, today)
        findings.append(sentence)
        if overdue:
            verdicts.append(ConsultationVerdict.RESPONSE_OVERDUE)

    if not verdicts:
        verdicts.append(ConsultationVerdict.PENDING)
        if not findings:
            if dates.asked_on is not None:
                findings.append(
                    lambda: (
                        _("Advies gevraagd op %(asked)s; er is nog geen besluit.")
                        % {"asked": format_day(dates.asked_on)}
                    )
                )
            elif dates.asked:
                findings.append(
                    lambda: _("Advies gevraagd op een onbekende datum; er is nog geen besluit.")
                )
            else:
                findings.append(lambda: _("Er is nog geen besluit en nog geen adviesaanvraag."))

    verdict = min(verdicts, key=_ORDER.index)
    sentences = tuple(finding() for finding in findings) if explain else ()
    return Judgement(
        verdict=verdict,
        explanation=" ".join(sentences),
        findings=sentences,
        notice=notice,
        required_notice=rules.required_notice,
        response_due=response_due,
        response_time=response_time,
    )


_ORDER = list(ConsultationVerdict)


def recheck_on(dates, judgement):
    """The first day on which :func:`judge` may give these dates and rules another verdict.

    ``today`` decides one thing only: whether advice that was sent and not yet
    answered is overdue (``today`` after the response's due date). Until that
    day the verdict can only change when a date or a rule changes; after it,
    never by time alone. ``None`` when time alone cannot change the verdict:
    a response was received, no advice was sent, the response is already
    overdue, or a worse finding ("late", "not consulted", …) stays in front.
    The stored verdict (``Consultation.stored_verdict``) is judged again on
    this day by the daily task (``verdicts_refresh``).
    """
    if dates.advice_sent is None or dates.response_received is not None:
        return None
    if judgement.response_due is None or judgement.verdict == ConsultationVerdict.RESPONSE_OVERDUE:
        return None
    if _ORDER.index(judgement.verdict) < _ORDER.index(ConsultationVerdict.RESPONSE_OVERDUE):
        return None  # a worse verdict stays in front once the response is overdue
    return judgement.response_due + datetime.timedelta(days=1)
