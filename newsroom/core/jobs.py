"""Hand background work from Wagtail and wagtail-localize to Celery.

Both libraries call plain functions with model instances as arguments. Celery only carries
JSON, so instances travel as references and are fetched again in the worker. Work goes
through the outbox (``newsroom.core.outbox``): sent after the surrounding transaction commits,
so the worker sees what the request saved, and kept while Redis is down, so saving and
publishing pages works then too.
"""

import uuid

from celery import shared_task
from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from wagtail_localize.components import TranslationComponentManager
from wagtail_localize.tasks import BaseJobBackend

from . import outbox


def encode(value):
    if isinstance(value, models.Model):
        return {"__model__": value._meta.label, "pk": value.pk}
    if isinstance(value, TranslationComponentManager):
        if list(value):
            raise TypeError("translation components cannot be sent to a worker")
        return {"__components__": []}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    return value


def decode(value):
    if isinstance(value, dict):
        if "__model__" in value:
            model = apps.get_model(value["__model__"])
            return model._default_manager.get(pk=value["pk"])
        if "__components__" in value:
            return TranslationComponentManager([])
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def callable_path(func):
    return f"{func.__module__}.{func.__qualname__}"


@shared_task(name="newsroom.core.run_job")
def run_job(path, args, kwargs):
    func = import_string(path)
    # django-tasks wraps functions in a Task object; call the plain function underneath.
    func = getattr(func, "func", func)
    func(*decode(args), **decode(kwargs))


def send_job(func, args, kwargs):
    outbox.enqueue(run_job, callable_path(func), encode(list(args)), encode(dict(kwargs)))


class CeleryLocalizeJobBackend(BaseJobBackend):
    """WAGTAILLOCALIZE_JOBS backend: tree syncs and subtree translations run in the worker."""

    def enqueue(self, func, args, kwargs):
        send_job(func, args, kwargs)


class CeleryTaskBackend(BaseTaskBackend):
    """Django tasks backend (Wagtail's reference index and file clean-up) on top of Celery."""

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        send_job(task.func, args, kwargs)
        return TaskResult(
            task=task,
            id=str(uuid.uuid4()),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
