"""The daily refresh of the stored verdicts that time changes, as a task run by the worker.

A consultation's stored verdict (``Consultation.stored_verdict``) changes by
itself on one day only: the day after its response term ran out without a
response (``verdicts.recheck_on``, kept in ``verdict_recheck_on``). A cron
line enqueues :func:`refresh_verdicts` once a day (``manage.py
refresh_verdicts``, docs/deployment.md); the worker judges those
consultations again through ``services.verdicts_store`` and the task's row
keeps how many it checked and changed.
"""

from django.utils import timezone

from council.background import task


def refresh(today=None):
    """``{"gecontroleerd": n, "gewijzigd": m}`` after judging the verdicts due by ``today``."""
    from .models import Consultation
    from .services import verdicts_store

    today = today or timezone.localdate()
    due = Consultation.objects.verdict_due(today)
    checked = due.count()
    changed = verdicts_store(consultations=due, today=today)
    return {"gecontroleerd": checked, "gewijzigd": changed}


@task()
def refresh_verdicts() -> dict:
    """Judge again each stored verdict whose response term ran out (``refresh``)."""
    return refresh()
