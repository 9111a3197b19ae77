"""The daily reminders as a task, run by the worker, so that each run is recorded and visible.

django-tasks 0.12 and django-tasks-db have no periodic scheduling, so a cron
line enqueues the task once a day (``manage.py send_reminders``, which only
enqueues; docs/deployment.md). The worker runs :func:`send_reminders`
(``services.reminders_send``); the task's row keeps what it did (its return
value: a line per council) or why it failed (a council whose mail could not be
queued: the exception names it, and the next run sends what was not sent).
"""

from django.utils.translation import gettext as _

from council.background import task


class RemindersNotSent(Exception):
    """Some council's digest could not be sent; the message is the whole Dutch report."""


def report_lines(digests, *, dry_run=False):
    """``(lines, problems)``: a Dutch line per council's digest."""
    lines, problems = [], []
    for digest in digests:
        values = {
            "council": digest.council.name,
            "count": len(digest.reminders),
            "to": ", ".join(digest.recipients),
        }
        if digest.problem:
            problems.append(
                _("%(council)s: %(count)d herinnering(en) niet verzonden. %(problem)s")
                % {**values, "problem": digest.problem}
            )
        elif dry_run:
            lines.append(
                _("%(council)s: %(count)d herinnering(en) zou(den) gaan naar %(to)s.") % values
            )
        else:
            lines.append(_("%(council)s: %(count)d herinnering(en) verzonden aan %(to)s.") % values)
    return lines, problems


@task()
def send_reminders() -> dict:
    """Send today's reminders (``reminders_send``); fail, naming the councils, if mail failed."""
    from .services import reminders_send

    digests = reminders_send()
    lines, problems = report_lines(digests)
    failed = [digest.council.name for digest in digests if digest.mail_failed]
    if failed:
        raise RemindersNotSent(
            " ".join(
                [
                    _("Mail niet verzonden voor %(councils)s.") % {"councils": ", ".join(failed)},
                    *problems,
                    *lines,
                ]
            )
        )
    return {"verzonden": lines, "problemen": problems}
