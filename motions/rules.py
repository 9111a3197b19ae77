"""The follow-up rule: is a motion open, overdue, disposed, or not to be followed up?

This is the only place that decides. The admin listing, the dashboard, the
public pages and the status filters all use it: the pages call
``follow_up()`` per motion, the filters use ``MotionQuerySet.with_follow_up()``,
a database expression that the tests hold equal to this function.

The rule, in order:

1. A disposal date is recorded: **disposed** (afgedaan), whatever else is known.
   The sentence says whether that was within the deadline.
2. A motion that was rejected, withdrawn or held over asks nothing of the
   executive: **no follow-up** (geen afdoening).
3. No deadline is known: **open**.
4. Today is after the deadline: **overdue** (termijn verlopen). On the
   deadline itself the motion is still open ("termijn verloopt vandaag").
5. Otherwise: **open**.

A motion whose vote outcome is unknown (or not yet recorded) is followed up
as if it had been adopted: the council cannot assume it was rejected, and an
"overdue" that turns out to be wrong prompts a clerk to record the outcome,
while a silent "no follow-up" would hide a broken promise. Its sentence says
that the outcome is unknown. A commitment (toezegging) is not voted on, so
its vote is ignored.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from council.dates import DatePrecision, format_day, format_partial_date


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("open")
    OVERDUE = "overdue", _("termijn verlopen")
    DISPOSED = "disposed", _("afgedaan")
    NOT_REQUIRED = "not_required", _("geen afdoening")


# Query-string values of the status filter: stable, Dutch, readable in a URL.
STATUS_PARAMS = {
    "open": FollowUpStatus.OPEN,
    "verlopen": FollowUpStatus.OVERDUE,
    "afgedaan": FollowUpStatus.DISPOSED,
    "geen-afdoening": FollowUpStatus.NOT_REQUIRED,
}
STATUS_TONES = {
    FollowUpStatus.OPEN: "warn",
    FollowUpStatus.OVERDUE: "bad",
    FollowUpStatus.DISPOSED: "ok",
    FollowUpStatus.NOT_REQUIRED: "muted",
}


class MotionKind(models.TextChoices):
    """``Motion.kind``: a motion, or a commitment (toezegging) of the executive."""

    MOTION = "motion", _("motie")
    COMMITMENT = "commitment", _("toezegging")


class MotionVote(models.TextChoices):
    """``Motion.vote``: the outcome of the vote on a motion."""

    SUBMITTED = "submitted", _("ingediend, nog niet over gestemd")
    ADOPTED = "adopted", _("aangenomen")
    REJECTED = "rejected", _("verworpen")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    HELD_OVER = "held_over", _("aangehouden")
    UNKNOWN = "unknown", _("onbekend")


# Vote outcomes after which the executive owes nothing.
NO_FOLLOW_UP_VOTES = (MotionVote.REJECTED, MotionVote.WITHDRAWN, MotionVote.HELD_OVER)
# Vote outcomes that leave open whether the motion was adopted.
UNDECIDED_VOTES = (MotionVote.SUBMITTED, MotionVote.UNKNOWN)
COMMITMENT = MotionKind.COMMITMENT


@dataclass(frozen=True)
class FollowUp:
    status: FollowUpStatus
    sentence: str
    # Days overdue, days left, or days late (disposed after the deadline).
    days: int | None = None

    @property
    def label(self):
        return self.status.label


def period_bounds(value, precision):
    """The first and last day of a partly known date (a day, a month, a year)."""
    if precision == DatePrecision.YEAR:
        return datetime.date(value.year, 1, 1), datetime.date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    return value, value


def _days(count):
    return ngettext("%(count)d dag", "%(count)d dagen", count) % {"count": count}


def _disposed(deadline, disposed_on, precision):
    if precision == DatePrecision.DAY:
        when = gettext("afgedaan op %(date)s") % {"date": format_day(disposed_on)}
    else:
        when = gettext("afgedaan in %(period)s") % {
            "period": format_partial_date(disposed_on, precision)
        }
    if deadline is None:
        return FollowUp(FollowUpStatus.DISPOSED, when)
    first, last = period_bounds(disposed_on, precision)
    if last <= deadline:
        return FollowUp(
            FollowUpStatus.DISPOSED,
            gettext("%(when)s, binnen de termijn (%(deadline)s)")
            % {"when": when, "deadline": format_day(deadline)},
        )
    if first > deadline:
        if precision == DatePrecision.DAY:
            late = (disposed_on - deadline).days
            return FollowUp(
                FollowUpStatus.DISPOSED,
                gettext("%(when)s, %(days)s na de termijn (%(deadline)s)")
                % {"when": when, "days": _days(late), "deadline": format_day(deadline)},
                late,
            )
        return FollowUp(
            FollowUpStatus.DISPOSED,
            gettext("%(when)s, na de termijn (%(deadline)s)")
            % {"when": when, "deadline": format_day(deadline)},
        )
    return FollowUp(
        FollowUpStatus.DISPOSED,
        gettext("%(when)s; of dat binnen de termijn (%(deadline)s) was, is niet bekend")
        % {"when": when, "deadline": format_day(deadline)},
    )


def _not_required(vote):
    sentences = {
        "rejected": gettext("verworpen, dus het college hoeft de motie niet uit te voeren"),
        "withdrawn": gettext("ingetrokken, dus het college hoeft de motie niet uit te voeren"),
        "held_over": gettext("aangehouden: er is (nog) niet over gestemd"),
    }
    return FollowUp(FollowUpStatus.NOT_REQUIRED, sentences[vote])


def follow_up(
    *,
    kind,
    vote,
    deadline,
    disposed_on,
    today,
    disposed_on_precision=DatePrecision.DAY,
):
    """The follow-up status of a motion or commitment on ``today``, with a sentence."""
    if disposed_on is not None:
        return _disposed(deadline, disposed_on, disposed_on_precision)
    is_motion = kind != COMMITMENT
    if is_motion and vote in NO_FOLLOW_UP_VOTES:
        return _not_required(vote)

    if deadline is None:
        result = FollowUp(FollowUpStatus.OPEN, gettext("geen termijn bekend"))
    elif today > deadline:
        overdue = (today - deadline).days
        result = FollowUp(
            FollowUpStatus.OVERDUE,
            gettext("termijn verlopen op %(deadline)s, %(days)s geleden")
            % {"deadline": format_day(deadline), "days": _days(overdue)},
            overdue,
        )
    elif today == deadline:
        result = FollowUp(
            FollowUpStatus.OPEN,
            gettext("termijn verloopt vandaag (%(deadline)s)") % {"deadline": format_day(deadline)},
            0,
        )
    else:
        left = (deadline - today).days
        result = FollowUp(
            FollowUpStatus.OPEN,
            gettext("termijn loopt tot en met %(deadline)s, nog %(days)s")
            % {"deadline": format_day(deadline), "days": _days(left)},
            left,
        )

    if is_motion and vote in UNDECIDED_VOTES:
        note = (
            gettext("uitslag van de stemming onbekend")
            if vote == "unknown"
            else gettext("nog niet over gestemd")
        )
        result = FollowUp(result.status, f"{result.sentence} ({note})", result.days)
    return result


def follow_up_expression(today):
    """``follow_up(...).status`` as a database expression, for filters and counts."""
    return models.Case(
        models.When(disposed_on__isnull=False, then=models.Value(FollowUpStatus.DISPOSED.value)),
        models.When(
            ~models.Q(kind=COMMITMENT) & models.Q(vote__in=NO_FOLLOW_UP_VOTES),
            then=models.Value(FollowUpStatus.NOT_REQUIRED.value),
        ),
        models.When(deadline__lt=today, then=models.Value(FollowUpStatus.OVERDUE.value)),
        default=models.Value(FollowUpStatus.OPEN.value),
        output_field=models.CharField(),
    )
