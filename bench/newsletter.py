"""Newsletter sending: a weekly digest to 10,000 subscribers through the whole pipeline
(subscriber batches, ledger rows claimed and marked one by one, templates, SMTP) into a local
aiosmtpd sink, against a bare smtplib loop sending the same message to the same sink and
recipients in the same run; and the sending process's peak memory at 1,000 and 10,000
subscribers (it should not grow with the list)."""

import multiprocessing
import smtplib
import socket
import time

SUBSCRIBERS = 10_000
SMALL = 1_000
TARGET = 0.80


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


def rss_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def reset_peak_rss():
    """Linux: writing 5 to clear_refs resets VmHWM (the peak resident set) to the current."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


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
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"reader{number:05d}@bench.example.org",
                language="ar" if number % 10 == 0 else "en",
                frequency="weekly",
                status=Subscriber.Status.CONFIRMED,
                consent_at=now - timedelta(days=3),
            )
            for number in range(count)
        ],
        batch_size=2000,
    )


def send_digest():
    """The pipeline as beat runs it (eager here: no broker), timed; and its peak memory."""
    import gc

    from newsletter import sending

    gc.collect()
    base = rss_kib("VmRSS")
    peak_known = reset_peak_rss()
    start = time.perf_counter()
    summary = sending.start_digest("weekly")
    elapsed = time.perf_counter() - start
    peak = rss_kib("VmHWM") if peak_known else rss_kib("VmRSS")
    return summary, elapsed, max(peak - base, 0)


def sample_message():
    """One of the messages the pipeline sent, as bytes, for the bare loop."""
    from newsletter import sending
    from newsletter.emails import subscriber_links
    from newsletter.models import Send, Subscriber

    send = Send.objects.get()
    subscriber = Subscriber.objects.filter(language="en").first()
    batch = sending.Batch(send, [subscriber.pk])
    template = batch.templates.template(batch.subscribers[subscriber.pk], subscriber.consent_at)
    email = template.personalise(
        subscriber.email, subscriber_links(subscriber), "<bench@example.org>", smtp=True
    )
    return email.from_email, email.message().as_bytes(linesep="\r\n")


def bare_loop(port, sender, data, count):
    client = smtplib.SMTP("127.0.0.1", port)
    start = time.perf_counter()
    for number in range(count):
        client.sendmail(sender, [f"reader{number:05d}@bench.example.org"], data)
    elapsed = time.perf_counter() - start
    client.quit()
    return elapsed


def tune_sqlite(sender, connection, **kwargs):
    """SQLite's default rollback journal fsyncs every commit (1-9 ms on this disk), which would
    time the disk, not the pipeline. WAL with synchronous=NORMAL keeps a commit safe from a
    crash of the process (what the ledger needs), like PostgreSQL's synchronous_commit=off for
    the "sent" marks in production. The bench database only."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")


def main():
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.signals import connection_created
    from django.test import override_settings

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    if connection.vendor == "sqlite":
        connection_created.connect(tune_sqlite, dispatch_uid="bench-newsletter-sqlite")
    print(f"database: {connection.vendor}; subscribers {SMALL:,} and {SUBSCRIBERS:,}")
    with (
        Sink() as sink,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            NEWSLETTER_EMAIL_BACKEND="",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=sink.port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            CELERY_TASK_ALWAYS_EAGER=True,
        ),
    ):
        from newsroom.celery import app

        app.conf.task_always_eager = True
        results = {}
        for count in (SMALL, SUBSCRIBERS):
            prepare(count)
            received = sink.count
            summary, elapsed, peak = send_digest()
            sent = summary["outcomes"].get("sent", 0)
            assert sent == count and sink.count - received == count, (summary, sink.count)
            results[count] = (elapsed, peak)
        sender, data = sample_message()
        received = sink.count
        bare = bare_loop(sink.port, sender, data, SUBSCRIBERS)
        assert sink.count - received == SUBSCRIBERS

    elapsed, peak = results[SUBSCRIBERS]
    rate, bare_rate = SUBSCRIBERS / elapsed, SUBSCRIBERS / bare
    ratio = rate / bare_rate
    print(f"message size: {len(data) / 1024:.1f} KiB; batch size {settings.NEWSLETTER_BATCH_SIZE}")
    print(f"{'':<34} {'msgs/s':>9} {'seconds':>8}")
    print(f"{'newsletter pipeline (10,000)':<34} {rate:9.0f} {elapsed:8.1f}")
    print(f"{'bare smtplib loop (10,000)':<34} {bare_rate:9.0f} {bare:8.1f}")
    verdict = "ok" if ratio >= TARGET else f"below the {TARGET:.0%} target"
    print(f"rate vs bare loop: {ratio:.0%} ({verdict})")
    small_peak = results[SMALL][1]
    print(
        f"peak RSS growth while sending: {small_peak / 1024:.1f} MiB at {SMALL:,}, "
        f"{peak / 1024:.1f} MiB at {SUBSCRIBERS:,} subscribers "
        f"(ratio {peak / max(small_peak, 1):.1f}x for 10x the subscribers)"
    )
