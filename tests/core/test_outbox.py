"""The outbox: jobs stored with what caused them, run once, kept while the broker is down."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from newsletter.tasks import send_subscriber_email
from newsroom.core import outbox
from newsroom.core.breaker import redis as breaker
from newsroom.core.models import OutboxJob
from tests.factories import make_subscriber
from tests.support.services import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(db):
    return make_subscriber("pending@example.org", confirmed=False)


def confirmations():
    return [m for m in mail.outbox if m.to == ["pending@example.org"]]


def test_a_rolled_back_transaction_owes_nothing(pending, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks(execute=True)
    with capture, pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(send_subscriber_email, pending.pk, "confirm")
        raise RuntimeError("the sign-up failed")
    assert not OutboxJob.objects.exists()
    assert confirmations() == []


def test_a_job_runs_after_the_commit_and_only_once(pending, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        job = outbox.enqueue(send_subscriber_email, pending.pk, "confirm")
        assert confirmations() == []  # not before the commit
    assert len(confirmations()) == 1
    job.refresh_from_db()
    assert job.done_at and job.attempts == 1 and job.running_until is None

    assert outbox.run(job.pk) is False
    assert outbox.dispatch([job.pk]) == 1  # handed over again: it finds the job done
    assert outbox.drain() == 0
    assert len(confirmations()) == 1


def test_a_claimed_job_is_not_run_by_anyone_else(pending):
    job = OutboxJob.objects.create(task=send_subscriber_email.name, args=[pending.pk, "confirm"])
    assert outbox.claim(job.pk) is not None
    assert outbox.run(job.pk) is False
    assert confirmations() == []


def test_a_failure_releases_the_claim_records_the_error_and_waits_for_the_drain():
    job = OutboxJob.objects.create(task="newsroom.no_such_task", args=[1])
    with pytest.raises(KeyError):
        outbox.run(job.pk)
    job.refresh_from_db()
    assert job.done_at is None and job.running_until is None
    assert "NotRegistered" in job.error
    later = timezone.now() + timedelta(hours=1)
    OutboxJob.objects.filter(pk=job.pk).update(dispatched_at=timezone.now())
    assert job.pk not in outbox.waiting().values_list("pk", flat=True)  # just handed over
    assert job.pk in outbox.waiting(later).values_list("pk", flat=True)  # lease over


@pytest.mark.redis
def test_a_broker_that_is_down_keeps_the_jobs_with_one_warning(
    pending, caplog, django_capture_on_commit_callbacks
):
    from newsroom.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=f"redis://127.0.0.1:{free_port()}/0")
    caplog.set_level(logging.WARNING, logger="newsroom.redis")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(5):
                with transaction.atomic():
                    outbox.enqueue(send_subscriber_email, pending.pk, "confirm")
        assert outbox.drain() == 0
        with pytest.raises(CommandError):
            call_command("drain_outbox")
    finally:
        app.conf.update(saved)

    assert OutboxJob.objects.filter(dispatched_at__isnull=True, done_at__isnull=True).count() == 5
    assert outbox.waiting().count() == 5
    warnings = [r for r in caplog.records if r.name == "newsroom.redis"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert confirmations() == []

    breaker.reset()
    assert outbox.drain() == 5  # eager again (no broker): each runs here, once
    assert len(confirmations()) == 5
    assert not outbox.waiting().exists()
