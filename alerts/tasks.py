"""The alert runs as tasks (``council.background``): the worker runs them, their rows record them.

There is no periodic scheduler (django-tasks 0.12): cron runs
``manage.py send_alerts`` every few minutes and ``send_alert_digests
--frequency dagelijks|wekelijks`` once a day or a week; the commands only
enqueue (docs/alerts.md, docs/deployment.md). Each run is safe to repeat:
it scans, then sends only what no address got before.
"""

from council.background import task

from . import dispatch


@task()
def send_direct_alerts() -> dict:
    return {"verzonden": dispatch.send_direct()}


@task()
def send_alert_digests(frequency: str) -> dict:
    return {"frequentie": frequency, "verzonden": dispatch.send_digests(frequency)}


@task()
def purge_alerts() -> dict:
    return {"gebeurtenissen gewist": dispatch.purge()}
