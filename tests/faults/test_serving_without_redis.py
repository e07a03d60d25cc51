"""Redis stops under `make serve` (site/serve.sh: nginx + gunicorn, production settings, a
private redis-server as cache and broker): readers, subscribers and the operator, then the
emails once Redis is back, each exactly once, through a real worker and a real SMTP sink."""

import json
import re
import time
import uuid

import pytest
import wagtail_factories

from newsletter.models import Subscriber
from newsroom.core.models import OutboxJob
from newsroom.registrations.models import Registration
from tests.factories import StatementPageFactory, build_bilingual_tree, publish
from tests.support.database import database_url_for_subprocess
from tests.support.http import fetch, post
from tests.support.registrations import make_event, sign_up_data
from tests.support.serve_stack import serve_stack
from tests.support.smtp_sink import SMTP_BACKEND
from tests.support.waiting import wait_for
from tests.support.workers import (
    await_worker,
    reset_connections,
    spawn_worker,
    stop_worker,
    worker_env,
)

pytestmark = [pytest.mark.redis]

READER = "reader@example.org"
ATTENDEE = "attendee@example.org"


def outage_warnings(log):
    return [line for line in log.splitlines() if re.search(r"WARNING newsroom\.redis ", line)]


@pytest.fixture
def content(transactional_db):
    tree = build_bilingual_tree()
    statement = publish(
        StatementPageFactory(
            parent=tree.statements_en,
            title="Detention report",
            slug="detention-report",
            listing_image=wagtail_factories.ImageFactory(title="Cell block"),
        )
    )
    event, _arabic = make_event(tree, capacity=10)
    return {"tree": tree, "statement": statement, "event": event}


@pytest.fixture
def celery_conf():
    """Point this process's Celery app somewhere for one test, then put it back."""
    from newsroom.celery import app

    saved = {}

    def point(**overrides):
        for key in overrides:
            saved.setdefault(key, app.conf[key])
        app.conf.update(overrides)
        reset_connections(app)
        return app

    yield point
    app.conf.update(saved)
    reset_connections(app)


def test_redis_down_readers_read_sign_ups_are_kept_and_mailed_once_when_it_is_back(
    content, private_redis, sink, tmp_path, settings, monkeypatch, run_id, celery_conf
):
    event = content["event"]
    with serve_stack(
        tmp_path,
        DATABASE_URL=database_url_for_subprocess(),
        REDIS_URL=private_redis.url(),
        GUNICORN_WORKERS="1",  # one process: its one warning is the outage's one warning
        MEDIA_ROOT=settings.MEDIA_ROOT,
        NEWSROOM_FEEDS_ROOT=settings.FEEDS_ROOT,
    ) as stack:
        base = stack["base"]
        assert fetch(f"{base}/healthz")[0] == 200

        private_redis.kill()

        # Readers: fresh URLs (nothing nginx could answer from its cache), all from Django.
        fresh = uuid.uuid4().hex
        for path in (
            "/en/",
            "/ar/",
            content["statement"].url,
            "/en/search/?q=detention",
            "/ar/search/?q=report",
            "/sitemap.xml",
            "/en/feeds/all.rss",
        ):
            url = f"{base}{path}{'&' if '?' in path else '?'}fault={fresh}"
            status, headers, body = fetch(url)
            assert status == 200, (path, status, body[:300])
            assert headers.get("X-Cache-Status") in (None, "MISS", "BYPASS"), path
        status, _, body = fetch(f"{base}/api/v1/pages?locale=ar")  # nginx never caches /api/
        assert status == 200, body[:300]
        assert json.loads(body)["results"], body[:300]
        # After a list, in the same process: a detail's image renditions are looked up in the
        # cache too (the list's items once leaked into the "miss" the next lookup got).
        status, _, body = fetch(f"{base}/api/v1/pages?locale=en")
        assert status == 200, body[:300]
        status, _, body = fetch(f"{base}/api/v1/pages/{content['statement'].pk}")
        assert status == 200, body[:300]
        assert json.loads(body)["image"]["renditions"], body[:300]

        # Subscribers: the usual acknowledgement, and the sign-up is stored.
        status, headers, _ = post(
            f"{base}/en/newsletter/", {"email": READER, "language": "en", "frequency": "weekly"}
        )
        assert status == 302 and headers["Location"].endswith("/en/newsletter/check-your-email/")
        status, headers, _ = post(
            f"{base}/en/registrations/{event.pk}/",
            sign_up_data(event, ATTENDEE, name="Amal Haddad"),
        )
        assert status == 302 and "state=check" in headers["Location"], headers
        assert fetch(base + headers["Location"])[0] == 200
        assert Subscriber.objects.get(email=READER).status == "pending"
        assert Registration.objects.get(email=ATTENDEE).status == "pending"
        assert OutboxJob.objects.filter(done_at__isnull=True).count() == 2

        # The operator: /healthz says what is down.
        status, _, body = fetch(f"{base}/healthz")
        assert status == 503
        assert json.loads(body)["down"] == ["redis"]
        assert len(outage_warnings(stack["output"]())) == 1, stack["output"]()[-3000:]

        # Redis is back (empty: it kept nothing), a worker starts, beat's drain runs.
        private_redis.start()
        # Newsletter and registration mail alike go to the sink.
        worker_env(monkeypatch, sink, run_id, NEWSROOM_TEST_EMAIL_BACKEND=SMTP_BACKEND)
        worker = spawn_worker(private_redis.url(), run_id, run_id)
        try:
            app = celery_conf(
                broker_url=private_redis.url(),
                result_backend=private_redis.url(),
                task_always_eager=False,
                task_default_queue=run_id,
            )
            await_worker(worker, run_id)
            app.send_task("newsroom.core.outbox_drain", queue=run_id)
            mailbox = sink.handler
            assert wait_for(lambda: mailbox.to(READER) and mailbox.to(ATTENDEE), timeout=60)
            assert wait_for(
                lambda: not OutboxJob.objects.filter(done_at__isnull=True).exists(), timeout=30
            )
            # More drains (beat every minute) and a second hand-over send nothing again.
            app.send_task("newsroom.core.outbox_drain", queue=run_id)
            for job in OutboxJob.objects.all():
                app.send_task("newsroom.core.outbox_run", args=[job.pk], queue=run_id)
            time.sleep(3)
        finally:
            stop_worker(worker)

        assert len(mailbox.to(READER)) == 1
        assert "confirm" in mailbox.to(READER)[0].get_body(("plain",)).get_content()
        assert len(mailbox.to(ATTENDEE)) == 1
        assert Registration.objects.get(email=ATTENDEE).verify_sent_at is not None
        assert wait_for(lambda: fetch(f"{base}/healthz")[0] == 200, timeout=15)
        log = stack["output"]()
        assert len(outage_warnings(log)) == 1
        assert " ERROR " not in log, log[-3000:]  # no 500, and no error per health check
