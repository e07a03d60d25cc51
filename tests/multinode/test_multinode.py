"""Two nodes on one machine, sharing no disk: each `site/serve.sh` (nginx + gunicorn) with its
own scratch directory, a Celery worker and a beat candidate, all on the production settings;
between them only PostgreSQL (or this run's database), Redis and an S3 server (moto).

One scenario, because starting the nodes is the expensive part: a session begun on A holds on
B; a publish on A shows on B within 2 s (page, feed, API); a document uploaded on A downloads
from B; a digest sent by both workers reaches every subscriber once; one beat runs the
schedule and, killed, hands it to the other.
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from django.contrib.auth import get_user_model
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import StatementPageFactory, build_bilingual_tree, make_subscriber, publish
from tests.multinode.conftest import CREDENTIALS, REGION
from tests.support.database import database_url_for_subprocess
from tests.support.http import fetch
from tests.support.paths import ROOT
from tests.support.serve_stack import serve_stack
from tests.support.smtp_sink import Sink
from tests.support.waiting import wait_for

FRESHNESS_LIMIT = 2.0  # seconds from a publish on one node to readers of the other
BEAT_LOCK_SECONDS = 4  # short, so the hand-over is quick to watch
HANDOVER_LIMIT = 60  # the promise: a killed beat is replaced within a minute
SUBSCRIBERS = 24
SECRET = "multinode-test-secret-shared-by-every-node"
SITE = "http://newsroom.multinode.test"
PASSWORD = "multinode-password"

pytestmark = [pytest.mark.redis, pytest.mark.alone]


class Node:
    """One machine: its own directory, and the environment every process on it gets."""

    def __init__(self, name, tmp_path, redis_url, s3, queue, smtp_port):
        self.name = name
        self.dir = tmp_path / name
        self.dir.mkdir()
        self.var = self.dir / "var"
        self.env = {
            "DATABASE_URL": database_url_for_subprocess(),
            "REDIS_URL": redis_url,
            "SECRET_KEY": SECRET,
            "SITE_URL": SITE,
            "NEWSROOM_VAR_DIR": str(self.var),
            "NEWSROOM_FEEDS_ROOT": str(self.var / "feeds"),
            "MEDIA_ROOT": str(self.var / "media"),
            "NEWSROOM_S3_BUCKET": s3["bucket"],
            "NEWSROOM_S3_ENDPOINT_URL": s3["endpoint"],
            "NEWSROOM_S3_REGION": REGION,
            **CREDENTIALS,
            "NEWSROOM_CELERY_QUEUE": queue,
            "NEWSROOM_BEAT_LOCK_SECONDS": str(BEAT_LOCK_SECONDS),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "NEWSLETTER_BATCH_SIZE": "4",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
        self.processes = {}

    def process_env(self):
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("NEWSROOM_", "NEWSLETTER_", "EMAIL_", "CELERY_"))
        }
        env.update(self.env, DJANGO_SETTINGS_MODULE="newsroom.settings.production")
        return env

    def start(self, role, *arguments):
        """`celery worker` or `celery beat` on this node, logging to its directory."""
        log = open(self.dir / f"{role}.log", "wb")  # noqa: SIM115 - closed by stop()
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "newsroom", role, "--loglevel=INFO"]
            + list(arguments),
            cwd=ROOT,
            env=self.process_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log = log
        self.processes[role] = process
        return process

    def log(self, role):
        self.processes[role].log.flush()
        return (self.dir / f"{role}.log").read_text(errors="replace")

    def stop(self):
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.log.close()

    def manage(self, *arguments, timeout=120):
        """``manage.py`` run on this node (its settings, its directory); its stdout."""
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.process_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def shell(self, code, **options):
        return self.manage("shell", "-c", code, **options)


def start_stacks(stack, nodes):
    """Both nodes' site/serve.sh at once (each collects static files and checks migrations,
    the slowest part of the test); their exits go on ``stack``."""

    def enter(node):
        context = serve_stack(node.dir, GUNICORN_WORKERS="1", ALLOWED_HOSTS="*", **node.env)
        return context, context.__enter__()

    with ThreadPoolExecutor(len(nodes)) as pool:
        futures = [pool.submit(enter, node) for node in nodes]
    started = []
    for future in futures:  # every stack that started is stopped, even if another failed
        if future.exception() is None:
            context, running = future.result()
            stack.push(context.__exit__)
            started.append(running)
    for future in futures:
        future.result()  # re-raises a failed start
    return started


def sends(log, task_name):
    return log.count(f"Sending due task {task_name}")


def leader_of(nodes):
    leading = [node for node in nodes if "leading" in node.log("beat")]
    return leading


def log_in(base):
    """A session on the admin of ``base`` (Django's login form, CSRF included)."""
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/admin/login/", timeout=15).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": "multinode", "password": PASSWORD, "csrfmiddlewaretoken": token}
    request = Request(
        f"{base}/admin/login/",
        data=urlencode(form).encode(),
        headers={"Referer": f"{base}/admin/login/"},
    )
    opener.open(request, timeout=15).read()
    return {cookie.name: cookie.value for cookie in jar}


def first_seen(checks, timeout=15):
    """Poll every ``url: predicate`` until each holds; when (time.time()) each first did."""
    seen = {}
    deadline = time.monotonic() + timeout
    while len(seen) < len(checks) and time.monotonic() < deadline:
        for url, predicate in checks.items():
            if url not in seen and predicate(*fetch(url)):
                seen[url] = time.time()
        time.sleep(0.05)
    return seen


def publish_on(node, pk, title):
    """Retitle and publish page ``pk`` from a process of ``node``; when (time.time()) it was
    published, read as soon as it is (the process still has to exit: readers don't wait)."""
    publisher = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import time\n"
            "from wagtail.models import Page\n"
            f"page = Page.objects.get(pk={pk}).specific\n"
            f"page.title = {title!r}\n"
            "page.save_revision().publish()\n"
            "print('published', time.time(), flush=True)\n",
        ],
        cwd=ROOT,
        env=node.process_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in publisher.stdout:
        if line.startswith("published"):
            return float(line.split()[1])
    pytest.fail(f"the publish on {node.name} failed: {publisher.communicate()[1]}")


@pytest.fixture
def shared_content(transactional_db, settings):
    # The nodes run the production hashers; the test settings' fast one is not among them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    get_user_model().objects.create_superuser("multinode", "multinode@example.org", PASSWORD)
    tree = build_bilingual_tree()
    statement = publish(
        StatementPageFactory(
            parent=tree.statements_en, title="Original headline", slug="multinode-statement"
        )
    )
    for number in range(SUBSCRIBERS):
        make_subscriber(f"reader{number:02d}@example.org", frequency="daily")
    # A job every second: which beat sends it shows which one leads.
    every_second, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.create(
        name="multinode-heartbeat", task="newsroom.core.outbox_drain", interval=every_second
    )
    # Documents in this collection are for logged-in users only (Wagtail's privacy setting).
    private = Collection.get_first_root_node().add_child(name="Internal")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    return {"tree": tree, "statement": statement, "private": private}


def test_two_nodes_share_no_disk_and_behave_as_one_site(
    shared_content, tmp_path, s3_server, shared_redis_url, run_id
):
    internal = {"collection_id": shared_content["private"].pk}
    with Sink() as sink, ExitStack() as stack:
        nodes = [
            Node(name, tmp_path, shared_redis_url, s3_server, run_id, sink.port)
            for name in ("a", "b")
        ]
        for node in nodes:
            stack.callback(node.stop)
            node.start("worker", "--pool=solo", "--without-gossip", "--without-mingle")
            node.start(
                "beat",
                f"--schedule={node.var / 'celerybeat-schedule'}",
                f"--pidfile={node.dir / 'beat.pid'}",
            )
        a, b = start_stacks(stack, nodes)
        node_a, node_b = nodes
        for node in nodes:
            assert wait_for(lambda node=node: " ready." in node.log("worker"), timeout=180), (
                node.log("worker")
            )

        # --- A session begun on node A is valid on node B (sessions live in the database).
        cookies = log_in(a["base"])
        assert "sessionid" in cookies
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        status, _headers, body = fetch(f"{b['base']}/admin/", {"Cookie": cookie})
        assert status == 200 and b"Dashboard" in body, status

        # --- A publish on node A reaches readers of node B within 2 s: page, feed and API.
        statement = shared_content["statement"]
        page_url = b["base"] + statement.url
        feed_url = b["base"] + "/en/feeds/all.rss"
        api_url = f"{b['base']}/api/v1/pages/{statement.pk}"
        urls = (page_url, feed_url, api_url)
        for url in urls:
            status, _headers, body = fetch(url)
            assert status == 200 and b"Original headline" in body, (url, status)
        # A first publish warms the workers (each one's first build opens its connections to
        # the database and the bucket); readers then wait for the second, as they would on a
        # deployment that has been running.
        publish_on(node_a, statement.pk, "Checked on node A")
        warmed = first_seen({feed_url: lambda s, h, body: b"Checked on node A" in body})
        assert feed_url in warmed, "the warm-up publish never reached the feed"
        published = publish_on(node_a, statement.pk, "Corrected on node A")
        corrected = b"Corrected on node A"
        seen = first_seen({url: lambda s, h, body: corrected in body for url in urls})
        assert set(seen) == set(urls), f"never seen on node B: {set(urls) - set(seen)}"
        delays = {url: round(seen[url] - published, 2) for url in urls}
        # Pages and the API read the database; the feed is rebuilt into the bucket by a worker
        # at once (no rebuild in the last FEEDS_COALESCE_SECONDS) and node B's nginx keeps the
        # old one until the end of that second at most.
        assert max(delays.values()) <= FRESHNESS_LIMIT, f"seconds after the publish: {delays}"
        # The feed still answers conditional requests, now from the bucket.
        status, headers, _body = fetch(feed_url)
        status, _headers, body = fetch(feed_url, {"If-None-Match": headers["ETag"]})
        assert (status, body) == (304, b"")

        # --- A document uploaded on node A downloads from node B; no node keeps it on disk.
        document, private = json.loads(
            node_a.shell(
                "import json\n"
                "from django.core.files.base import ContentFile\n"
                "from newsroom.core.models import NewsroomDocument\n"
                "made = []\n"
                f"for name, extra in (('annual-report', {{}}), ('memo', {internal})):\n"
                "    d = NewsroomDocument(title=name, **extra)\n"
                "    d.file.save(name + '.pdf', ContentFile(b'%PDF-1.4 node A\\n'), save=True)\n"
                "    made.append({'url': d.url, 'name': d.file.name})\n"
                "print(json.dumps(made))\n"
            ).splitlines()[-1]  # after the shell's own greeting
        )
        status, headers, body = fetch(b["base"] + document["url"])
        assert (status, body) == (200, b"%PDF-1.4 node A\n")
        assert headers["Content-Type"] == "application/pdf"
        assert headers["Content-Security-Policy"] == "default-src 'none'"
        stored = s3_server["client"].list_objects_v2(Bucket=s3_server["bucket"], Prefix="media/")
        assert f"media/{document['name']}" in {item["Key"] for item in stored["Contents"]}
        for node in nodes:
            assert not list((node.var / "media").rglob("*.pdf")), node.name
        # A private one: node B asks for a login, then streams it to the session begun on A.
        status, headers, _body = fetch(b["base"] + private["url"])
        assert status == 302 and "/login" in headers["Location"], status
        status, _headers, body = fetch(b["base"] + private["url"], {"Cookie": cookie})
        assert (status, body) == (200, b"%PDF-1.4 node A\n")
        # Feeds are in the bucket too, not in a node's directory.
        feeds = s3_server["client"].list_objects_v2(Bucket=s3_server["bucket"], Prefix="feeds/")
        assert "feeds/en/all.rss" in {item["Key"] for item in feeds["Contents"]}
        for node in nodes:
            assert not (node.var / "feeds" / "en" / "all.rss").exists(), node.name

        # --- One digest, batches taken by the workers of both nodes: each reader gets one.
        node_b.manage("send_digests", "--frequency", "daily")
        assert wait_for(lambda: sink.handler.count >= SUBSCRIBERS, timeout=120), sink.handler.count
        time.sleep(2)  # a duplicate would arrive now
        delivered = Counter(rcpt for rcpts, _message in sink.handler.messages for rcpt in rcpts)
        expected = {f"reader{number:02d}@example.org" for number in range(SUBSCRIBERS)}
        assert set(delivered) == expected
        assert max(delivered.values()) == 1, delivered.most_common(3)
        for node in nodes:
            assert "deliver_batch" in node.log("worker"), f"node {node.name} sent no batch"

        # --- Beat: both candidates run, one sends the schedule; killed, the other takes over.
        assert wait_for(lambda: leader_of(nodes), timeout=60), [n.log("beat") for n in nodes]
        time.sleep(BEAT_LOCK_SECONDS)
        [leader] = leader_of(nodes)
        [follower] = [node for node in nodes if node is not leader]
        assert wait_for(lambda: sends(leader.log("beat"), "multinode-heartbeat") >= 3, 30)
        assert sends(follower.log("beat"), "multinode-heartbeat") == 0, follower.log("beat")

        killed_at = time.monotonic()
        os.kill(leader.processes["beat"].pid, signal.SIGKILL)
        leader.processes["beat"].wait(timeout=10)
        assert wait_for(
            lambda: sends(follower.log("beat"), "multinode-heartbeat") >= 2, HANDOVER_LIMIT
        ), follower.log("beat")
        handover = time.monotonic() - killed_at
        assert handover <= HANDOVER_LIMIT
        assert "leading" in follower.log("beat")
        print(
            f"multinode: seconds after the publish {delays}; beat handed over in {handover:.1f} s"
        )
