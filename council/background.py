"""Background work: Django's Tasks API, and the few rules Kanttekening adds to it.

Every task in the project imports the API from here, never from the backport
directly: on Django 6 the two imports below become ``django.tasks`` and
nothing else changes. The backend is configuration (``TASKS``): the database
backend (``django_tasks_db``, worker ``manage.py db_worker``) by default, the
immediate backend in the tests, RQ (``django_tasks_rq``) where one worker is
not enough (docs/deployment.md).

The rules:

- **Enqueue on commit.** A request records its intent in the database and
  enqueues the work with :func:`enqueue_on_commit`; a rolled-back transaction
  enqueues nothing, and the worker never picks up a task whose data it
  cannot see yet.
- **Bounded retries.** The task API has none of its own. A task that may
  fail for a passing reason (SMTP, PDF rendering) takes an ``attempt``
  argument and calls :func:`retry_later`, which enqueues the next attempt
  after a growing pause, until ``MAX_ATTEMPTS``; after the last, the task
  records its failure where an administrator sees it.
"""

import dataclasses
import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

# The two lines that name the backport (and one import in waiting_calls).
# Django 6: ``from django.tasks import …``.
from django_tasks import TaskContext, TaskResultStatus, default_task_backend, task, task_backends
from django_tasks.base import Task

__all__ = [
    "MAX_ATTEMPTS",
    "Task",
    "TaskContext",
    "TaskResultStatus",
    "default_task_backend",
    "enqueue_on_commit",
    "retry_later",
    "task",
    "waiting_calls",
    "task_backends",
]

logger = logging.getLogger(__name__)

#: Attempts of a task that may fail for a passing reason, the first included.
MAX_ATTEMPTS = 3
#: The pause before attempt 2, 3, ...: a passing SMTP or disk hiccup gets time to pass.
RETRY_DELAYS = (datetime.timedelta(seconds=30), datetime.timedelta(minutes=5))


@dataclasses.dataclass(frozen=True)
class OnCommitEnqueue:
    """The callback :func:`enqueue_on_commit` registers (recognisable in tests)."""

    task: Task
    args: tuple
    kwargs: dict

    def __call__(self):
        self.task.enqueue(*self.args, **self.kwargs)


def enqueue_on_commit(task: Task, *args: Any, using: str | None = None, **kwargs: Any) -> None:
    """Enqueue ``task(*args, **kwargs)`` once the current transaction commits.

    Outside a transaction it is enqueued at once; in a transaction that is
    rolled back, never. Arguments must be JSON: pass primary keys, not objects.
    """
    transaction.on_commit(OnCommitEnqueue(task, args, kwargs), using=using)


def retry_delay(attempt: int) -> datetime.timedelta:
    return RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]


def retry_later(task: Task, *args: Any, attempt: int, **kwargs: Any) -> bool:
    """Enqueue attempt ``attempt + 1`` of ``task`` after a pause; False after the last.

    The backend decides whether it can wait (``supports_defer``); the
    immediate backend of the tests runs the next attempt at once.
    """
    if attempt >= MAX_ATTEMPTS:
        return False
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + retry_delay(attempt))
    logger.info("%s: poging %d mislukt, poging %d volgt", task.name, attempt, attempt + 1)
    enqueue_on_commit(task, *args, attempt=attempt + 1, **kwargs)
    return True


#: A task result in one of these states has not finished: its work may still be done.
WAITING = (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def waiting_calls(task: Task) -> list[tuple[list, dict]] | None:
    """The ``(args, kwargs)`` of every call of ``task`` that is queued or running.

    The database backend (production) and the dummy backend (tests) keep
    their results and can say; the immediate backend never leaves anything
    waiting. For any other backend (RQ) the answer is None: unknown.
    """
    # Django 6: ``django.tasks.backends.immediate`` (the backport's third mention).
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db.backend import DatabaseBackend

    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.filter(
            backend_name=backend.alias, task_path=task.module_path, status__in=WAITING
        ).values_list("args_kwargs", flat=True)
        return [(row["args"], row["kwargs"]) for row in rows]
    if isinstance(backend, ImmediateBackend):
        return []
    results = getattr(backend, "results", None)
    if results is None:
        return None
    return [
        (list(result.args), dict(result.kwargs))
        for result in results
        if result.task.module_path == task.module_path and result.status in WAITING
    ]
