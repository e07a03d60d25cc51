"""Feeds on 10,000 pages: the rebuild that follows one publish (target: at most 1 s for the
affected feeds), a full rebuild, and GET throughput of a feed against the same bytes from a
bare Django view and from Django's static file view, in the same run (Django's test client,
full middleware stack). The seed lives in a transaction that is rolled back at the end and
the artefacts in a temporary directory, so the other benchmarks find everything as it was."""

import logging
import statistics
import tempfile
import time

REQUESTS = 1000
STATEMENTS, NEWS, EVENTS = 4_500, 4_500, 1_000


def seed():
    import datetime

    from django.utils import timezone
    from wagtail.rich_text import RichText

    from newsroom.content.models import NewsPage, StatementPage
    from newsroom.events.models import EventPage
    from tests.factories import TopicFactory, build_bilingual_tree, bulk_pages

    tree = build_bilingual_tree()
    detention = TopicFactory(slug="bench-detention", name="Detention", locale=tree.en)
    press = TopicFactory(slug="bench-press", name="Press freedom", locale=tree.en)
    body = [
        ("heading", {"text": "What we found", "level": "h2"}),
        ("paragraph", RichText("<p>" + "Detention without trial must end. " * 12 + "</p>")),
        ("quote", {"text": "Every week in a cell is a week of silence.", "attribution": "A"}),
    ]
    bulk_pages(
        tree.statements_en, StatementPage, STATEMENTS, locale=tree.en, topics=[detention], body=body
    )
    bulk_pages(tree.news_en, NewsPage, NEWS, locale=tree.en, topics=[press], body=body)
    start = timezone.now() + datetime.timedelta(days=30)
    bulk_pages(
        tree.events_en,
        EventPage,
        EVENTS,
        locale=tree.en,
        topics=[detention],
        body=body,
        start=start,
        end=start + datetime.timedelta(hours=2),
        time_zone="Europe/Zurich",
        venue_name="Palais des Nations",
    )
    return tree


def timed(client, url, **headers):
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url, **headers)
        samples.append(time.perf_counter() - started)
        assert response.status_code in (200, 304), (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1], response


def rebuild_after_publish(page, change):
    """Publish ``page`` after ``change``; run the hand-over its commit would run. Returns
    (publish seconds, rebuild seconds, keys built)."""
    from newsroom.feeds import tasks

    builds = []
    original = tasks.rebuild

    def recording(keys):
        build = original(keys)
        builds.append(build)
        return build

    tasks._buffer().clear()  # the seed's changes were never committed: not ours to count
    change(page)
    started = time.perf_counter()
    page.save_revision().publish()
    published = time.perf_counter() - started
    tasks.rebuild = recording
    try:
        started = time.perf_counter()
        tasks.flush()  # what transaction.on_commit runs once the publish is committed
        rebuilt = time.perf_counter() - started
    finally:
        tasks.rebuild = original
    timings = {key: seconds for build in builds for key, seconds in build.timings.items()}
    return published, rebuilt, timings


def main():
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import path, re_path
    from django.views.static import serve

    from newsroom.content.models import StatementPage
    from newsroom.events.models import EventPage
    from newsroom.feeds.builders import rebuild

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    client = Client()
    with (
        tempfile.TemporaryDirectory() as root,
        override_settings(FEEDS_ROOT=root),
        transaction.atomic(),
    ):
        started = time.perf_counter()
        seed()
        print(
            f"seeded {STATEMENTS + NEWS + EVENTS} English pages "
            f"in {time.perf_counter() - started:.1f} s (feed length {settings.FEEDS_LENGTH})"
        )
        started = time.perf_counter()
        full = rebuild({"*"})
        print(
            f"full rebuild: {len(full.built)} feeds and calendars "
            f"({EVENTS} per-event .ics among them) in {time.perf_counter() - started:.2f} s"
        )

        statement = StatementPage.objects.filter(locale__language_code="en").order_by("-pk")[0]
        event = EventPage.objects.filter(locale__language_code="en").order_by("-pk")[0]

        def retitle(page):
            page.title += " (updated)"

        def move(page):
            page.start += page.start.resolution * 60_000_000  # one minute later
            page.end += page.end.resolution * 60_000_000

        print(f"{'one publish':<22} {'publish s':>10} {'rebuild s':>10}  target  affected (s)")
        for label, page, change in [
            ("statement retitled", statement, retitle),
            ("event moved", event, move),
        ]:
            published, rebuilt, timings = rebuild_after_publish(page, change)
            verdict = "ok" if rebuilt <= 1.0 else "OVER"
            affected = ", ".join(f"{key} {seconds:.2f}" for key, seconds in timings.items())
            print(f"{label:<22} {published:10.3f} {rebuilt:10.3f}  {verdict:<6}  {affected}")

        feed_url = "/en/feeds/all.rss"
        first = client.get(feed_url)
        body = first.content

        def bare(request, body=body):
            return HttpResponse(body, content_type="application/rss+xml; charset=utf-8")

        urlconf = type(
            "BareUrls",
            (),
            {
                "urlpatterns": [
                    path("bare/", bare),
                    re_path(r"^static/(?P<path>.*)$", serve, {"document_root": root}),
                ]
            },
        )
        p50, p99, _ = timed(client, feed_url)
        n50, n99, _ = timed(client, feed_url, HTTP_IF_NONE_MATCH=first["ETag"])
        with override_settings(ROOT_URLCONF=urlconf):
            b50, b99, bare_response = timed(client, "/bare/")
            s50, s99, static_response = timed(client, "/static/en/all.rss")
        assert bare_response.content == body
        assert b"".join(static_response.streaming_content) == body
        print(f"GET {feed_url} ({len(body):,} bytes), {REQUESTS} requests each")
        print(f"{'served by':<28} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'vs bare':>8}")
        for label, median, tail in [
            ("feed view", p50, p99),
            ("feed view, 304", n50, n99),
            ("bare view (same bytes)", b50, b99),
            ("static file (django serve)", s50, s99),
        ]:
            print(
                f"{label:<28} {median * 1000:8.3f} {tail * 1000:8.3f} {1 / median:8.0f} "
                f"{median / b50:7.2f}x"
            )
        print(f"feed view / static file: {p50 / s50:.2f}x")
        transaction.set_rollback(True)
