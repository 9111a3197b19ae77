"""Settings of a ``db_worker`` process that a test starts: the test settings, with the tasks
stored in the database (the test's own, named by ``DATABASE_URL``) instead of run at once."""

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
