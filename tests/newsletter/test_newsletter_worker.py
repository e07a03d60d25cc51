"""The newsletter end to end with real Celery workers on Redis and a real SMTP sink.

The worker processes mail the sink because EMAIL_HOST/EMAIL_PORT/NEWSLETTER_EMAIL_BACKEND are
in the environment before ``celery_worker`` starts them (see ``conftest.worker_env``).
"""

import os
import re
import signal
from collections import Counter

import pytest
from celery.result import AsyncResult
from django.test import Client

from newsletter import sending
from newsletter.models import Delivery, Subscriber
from tests.factories import StatementPageFactory, make_subscriber, publish
from tests.support.smtp_sink import Sink
from tests.support.waiting import wait_for
from tests.support.workers import start_worker, stop_worker, use_celery_worker, worker_env

SITE = "https://newsroom.example.org"
LEASE = 8  # seconds a claim lasts in these workers; longer than a worker takes to start


def run_digest(frequency, timeout=90):
    """What ``manage.py send_digests`` does with a broker: plan here, one Celery task per
    batch for the workers; then wait for those tasks (retries included)."""
    summary = sending.start_digest(frequency)
    assert len(summary["tasks"]) == summary["batches"]
    for task_id in summary["tasks"]:
        AsyncResult(task_id).get(timeout=timeout)
    return summary


def link(message, pattern):
    body = message.get_body(("plain",)).get_content()
    return re.search(pattern, body).group(0).replace(SITE, "")


def test_signup_confirm_publish_digest_once_and_one_click_unsubscribe(
    transactional_db, request, monkeypatch, settings, tree, run_id
):
    settings.SITE_URL = SITE
    with Sink() as sink:
        worker_env(monkeypatch, sink, run_id)
        use_celery_worker(request)
        client = Client()
        mailbox = sink.handler

        response = client.post(
            "/ar/newsletter/",
            {"email": "Reader@Example.org", "language": "ar", "frequency": "weekly"},
        )
        assert response.status_code == 302
        assert wait_for(lambda: mailbox.to("reader@example.org"), timeout=30)
        [confirmation] = mailbox.to("reader@example.org")
        assert confirmation["Content-Language"] == "ar"
        assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        confirm = link(confirmation, rf"{SITE}/ar/newsletter/confirm/\S+/")
        assert client.post(confirm).status_code == 200
        assert Subscriber.objects.get().status == "confirmed"
        assert wait_for(lambda: len(mailbox.to("reader@example.org")) == 2, timeout=30)
        welcome = mailbox.to("reader@example.org")[1]
        assert 'lang="ar" dir="rtl"' in welcome.get_body(("html",)).get_content()

        publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en, title="English"))
        publish(StatementPageFactory(parent=tree.statements_ar, locale=tree.ar, title="بيان عربي"))
        summary = run_digest("weekly")
        assert summary["subscribers"] == 1
        digests = mailbox.to("reader@example.org")[2:]
        assert len(digests) == 1
        [digest] = digests
        html = digest.get_body(("html",)).get_content()
        assert "بيان عربي" in html and ">English<" not in html
        assert '<html lang="ar" dir="rtl">' in html
        unsubscribe_https, mailto = re.findall(r"<([^>]+)>", digest["List-Unsubscribe"])
        assert unsubscribe_https.startswith(SITE + "/ar/newsletter/unsubscribe/")
        assert mailto.startswith("mailto:")

        # Safe to run twice: nothing more is sent.
        assert run_digest("weekly")["batches"] == 1
        assert len(mailbox.to("reader@example.org")) == 3

        # RFC 8058 one-click, as a mail provider does it: no cookie, no CSRF token.
        path = unsubscribe_https.replace(SITE, "")
        one_click = Client(enforce_csrf_checks=True).post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert one_click.status_code == 200
        assert Subscriber.objects.get().status == "unsubscribed"


@pytest.mark.parametrize("subscribers", [30])
def test_a_worker_killed_mid_batch_loses_nobody_and_doubles_nobody(
    transactional_db, request, monkeypatch, settings, tree, redis_url, run_id, subscribers
):
    """SIGKILL a worker while the SMTP server holds one message of a batch, start another
    worker, re-run the digest: every subscriber has exactly one digest."""
    settings.NEWSLETTER_BATCH_SIZE = 10
    addresses = [f"s{number:02d}@example.org" for number in range(subscribers)]
    for address in addresses:
        make_subscriber(address, frequency="daily")
    publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en, title="News"))
    stalled = addresses[14]  # in the middle of the second batch

    with Sink(stall_on=[stalled]) as sink:
        worker_env(monkeypatch, sink, run_id, NEWSLETTER_LEASE_SECONDS=str(LEASE))
        first = use_celery_worker(request)
        summary = sending.start_digest("daily")
        assert summary["batches"] == 3  # one Celery task per batch of 10
        assert sink.handler.stalled.wait(60), "the batch never reached the stalled recipient"

        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        sink.handler.release()  # the server never answered 250: not accepted
        delivered = Counter(r for rcpts, _m in sink.handler.messages for r in rcpts)
        assert set(delivered) == set(addresses[:14]) and max(delivered.values()) == 1
        held = Delivery.objects.get(subscriber__email=stalled)
        assert held.status == "sending"  # claimed by the dead worker, lease running

        second = start_worker(redis_url, run_id, name=f"{run_id}-second")
        try:
            # The third batch was still queued: the new worker takes it. Re-running the
            # digest hands every batch out again; the batch whose rows the dead worker held
            # comes back by itself (a Celery retry) once the lease has run out.
            def all_sent():
                return Delivery.objects.filter(status="sent").count() == subscribers

            run_digest("daily", timeout=120)
            done = all_sent()
        finally:
            stop_worker(second)

    delivered = Counter(r for rcpts, _m in sink.handler.messages for r in rcpts)
    assert done, Delivery.objects.exclude(status="sent").values_list("status", "error")
    assert set(delivered) == set(addresses), "somebody lost their digest"
    assert max(delivered.values()) == 1, f"duplicates: {delivered.most_common(3)}"
    assert Delivery.objects.get(subscriber__email=stalled).attempts == 2
