"""Newsletter sending: a weekly digest to 10,000 subscribers through the whole pipeline as
production runs it (beat's start_digest hands batches to a Celery worker on Redis, prefork,
concurrency 2 as `make worker`; ledger rows claimed and marked one by one; templates; SMTP)
into a local aiosmtpd sink, against a bare smtplib loop sending the same message to the same
sink and recipients in the same run, the two alternated three times and the median of each
taken (target: at least 80 % of its rate); and the peak memory of a sending worker process at
1,000 and 100,000 subscribers (target: flat).

    .venv/bin/python -m bench newsletter         NEWSLETTER_BENCH_LARGE=100000
"""

import multiprocessing
import os
import smtplib
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.report import at_least, record

ROOT = Path(__file__).resolve().parent.parent
SUBSCRIBERS = 10_000
SMALL = 1_000
LARGE = int(os.environ.get("NEWSLETTER_BENCH_LARGE", "100000"))
TARGET = 0.80
ROUNDS = 3  # the 10,000 run and the bare loop, alternated
CONCURRENCY = int(os.environ.get("WORKER_CONCURRENCY", "2"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
QUEUE = f"bench-newsletter-{os.getpid()}"


def _serve(port, ready, counter, stop):
    """The SMTP sink, in a process of its own so it does not share the sender's CPU/GIL."""
    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per SMTP command

    class Count:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += 1
            return "250 OK"

    controller = Controller(Count(), hostname="127.0.0.1", port=port, data_size_limit=0)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class Sink:
    def __init__(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        context = multiprocessing.get_context("fork")
        self.ready, self.stop = context.Event(), context.Event()
        self.counter = context.Value("q", 0)
        self.process = context.Process(
            target=_serve, args=(self.port, self.ready, self.counter, self.stop), daemon=True
        )

    def __enter__(self):
        from django.db import connections

        connections.close_all()  # the child must not share the parent's database handles
        self.process.start()
        self.ready.wait(30)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.process.join(10)

    @property
    def count(self):
        return self.counter.value


def proc_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    pids = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        pids.update(int(child) for child in text)
    return sorted(pids)


def prepare(count):
    """``count`` confirmed weekly subscribers (one in ten reads Arabic), no send history, and
    the demo pages first published an hour ago so the digest has something to list."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Page

    from newsletter.models import Delivery, Send, Subscriber

    Delivery.objects.all().delete()
    Send.objects.all().delete()
    Subscriber.objects.all().delete()
    now = timezone.now()
    Page.objects.filter(depth__gt=3).update(first_published_at=now - timedelta(hours=1))
    for start in range(0, count, 5000):
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"reader{number:06d}@bench.example.org",
                    language="ar" if number % 10 == 0 else "en",
                    frequency="weekly",
                    status=Subscriber.Status.CONFIRMED,
                    consent_at=now - timedelta(days=3),
                )
                for number in range(start, min(start + 5000, count))
            ]
        )


class Worker:
    """`make worker` (prefork, concurrency 2) on Redis, against the bench database, mailing
    the sink: the sending worker as production runs it."""

    def __init__(self, sink_port):
        from django.conf import settings

        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3"):
            database_url = f"sqlite:///{database['NAME']}"
        else:
            database_url = os.environ["DATABASE_URL"]
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": REDIS_URL,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink_port),
            "NEWSLETTER_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        }
        self.process = None

    def __enter__(self):
        from newsroom.celery import app

        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "newsroom",
                "worker",
                "--pool=prefork",
                f"--concurrency={CONCURRENCY}",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
                f"--queues={QUEUE}",
                f"--hostname={QUEUE}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5, destination=[f"{QUEUE}@{socket.gethostname()}"]):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the bench's Celery worker did not start")
        self.children = children(self.process.pid)
        self.started_kib = {pid: proc_kib(pid, "VmRSS") for pid in self.children}
        return self

    def peak_growth_kib(self):
        """The largest growth of a pool process's resident set since the worker started."""
        return max(proc_kib(pid, "VmHWM") - self.started_kib[pid] for pid in self.children)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def use_broker():
    """Send tasks from this process to the bench worker's queue instead of running them."""
    from newsroom.celery import app

    app.conf.update(
        task_always_eager=False,
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_default_queue=QUEUE,
    )
    app._pool = None
    app.amqp._producer_pool = None
    for cached in ("backend", "control"):
        app.__dict__.pop(cached, None)
    with app.connection_for_write() as connection:  # leftovers of an interrupted run
        connection.default_channel.queue_purge(QUEUE)


def send_digest(sink, count):
    """The weekly digest to ``count`` subscribers through a fresh worker, as beat starts it:
    (seconds from the start until the last message was accepted, peak growth of a sending
    worker process in KiB)."""
    from newsletter import sending
    from newsletter.models import Delivery

    prepare(count)
    received = sink.count
    with Worker(sink.port) as worker:
        started = time.perf_counter()
        summary = sending.start_digest("weekly")
        deadline = time.monotonic() + 60 + count / 50
        while sink.count - received < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {sink.count - received} of {count} digests arrived")
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        sent = Delivery.objects.filter(send=summary["send"], status="sent")
        while sent.count() < count and time.monotonic() < deadline:
            time.sleep(0.1)  # the last "sent" marks follow the last acceptance
        assert sent.count() == count and sink.count - received == count, summary
        return elapsed, worker.peak_growth_kib()


def sample_message():
    """One of the messages the pipeline sent, as bytes, for the bare loop."""
    from newsletter import batches
    from newsletter.emails import subscriber_links
    from newsletter.models import Send, Subscriber

    send = Send.objects.get()
    subscriber = Subscriber.objects.filter(language="en").first()
    batch = batches.Batch(send, [subscriber.pk])
    template = batch.templates.template(batch.subscribers[subscriber.pk], subscriber.consent_at)
    email = template.personalise(
        subscriber.email, subscriber_links(subscriber), "<bench@example.org>", smtp=True
    )
    return email.from_email, email.message().as_bytes(linesep="\r\n")


def bare_loop(port, sender, data, count):
    client = smtplib.SMTP("127.0.0.1", port)
    start = time.perf_counter()
    for number in range(count):
        client.sendmail(sender, [f"reader{number:06d}@bench.example.org"], data)
    elapsed = time.perf_counter() - start
    client.quit()
    return elapsed


def main():
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        print("newsletter benchmark skipped: Redis is not reachable at 127.0.0.1:6379")
        return
    use_broker()
    print(
        f"database: {connection.vendor}; worker concurrency {CONCURRENCY}, batches of "
        f"{settings.NEWSLETTER_BATCH_SIZE}; subscribers {SMALL:,}, {SUBSCRIBERS:,}, {LARGE:,}"
    )
    results = {}
    with Sink() as sink:
        results[SMALL] = send_digest(sink, SMALL)
        sender, data = sample_message()
        # The measured run and its baseline in turn, ROUNDS times, the median of each: the
        # machine's speed drifts by more than the gap measured over the minutes a run takes.
        runs, bare_runs = [], []
        for _ in range(ROUNDS):
            received = sink.count
            bare_runs.append(bare_loop(sink.port, sender, data, SUBSCRIBERS))
            assert sink.count - received == SUBSCRIBERS
            runs.append(send_digest(sink, SUBSCRIBERS))
        results[SUBSCRIBERS] = (
            statistics.median(elapsed for elapsed, _growth in runs),
            max(growth for _elapsed, growth in runs),
        )
        results[LARGE] = send_digest(sink, LARGE)
    bare = statistics.median(bare_runs)

    elapsed = results[SUBSCRIBERS][0]
    rate, bare_rate = SUBSCRIBERS / elapsed, SUBSCRIBERS / bare
    ratio = rate / bare_rate
    print(f"message size: {len(data) / 1024:.1f} KiB")
    print(f"{'':<40} {'msgs/s':>9} {'seconds':>8}")
    for count in (SMALL, SUBSCRIBERS, LARGE):
        label = f"newsletter pipeline ({count:,})"
        print(f"{label:<40} {count / results[count][0]:9.0f} {results[count][0]:8.1f}")
        baseline, target = (bare_rate, at_least(TARGET)) if count == SUBSCRIBERS else (None, None)
        record("newsletter", label, count / results[count][0], baseline, "msgs/s", target)
    print(f"{'bare smtplib loop (10,000)':<40} {bare_rate:9.0f} {bare:8.1f}")
    print(f"(10,000: the median of {ROUNDS} runs of each, alternated)")
    verdict = "ok" if ratio >= TARGET else f"below the {TARGET:.0%} target"
    print(f"rate vs bare loop at {SUBSCRIBERS:,}: {ratio:.0%} ({verdict})")
    growth = ", ".join(
        f"{results[count][1] / 1024:.1f} MiB at {count:,}" for count in (SMALL, SUBSCRIBERS, LARGE)
    )
    print(f"peak RSS growth of a sending worker process: {growth} subscribers")
    for count in (SMALL, SUBSCRIBERS, LARGE):
        label = f"worker peak RSS growth ({count:,})"
        record("newsletter", label, results[count][1] / 1024, results[SMALL][1] / 1024, "MiB")
