"""Feeds on 10,000 pages: the rebuild that follows one publish (target: at most 1 s for the
affected feeds), a full rebuild, the sitemap (index and every sitemap, built and cached), and
GET throughput of a feed served by the production stack (`make serve`: nginx sends the
artefact from FEEDS_ROOT itself) against nginx serving the same bytes as a static file, in
the same run (wrk from Debian; target: at least 0.9 of it). The seed lives in a transaction
that is rolled back at the end and the artefacts in a temporary directory, so the other
benchmarks find everything as it was."""

import logging
import re
import shutil
import tempfile
import time
from pathlib import Path

from bench.report import at_least, at_most, record

TARGET_RATIO = 0.9  # feed sent by nginx from the artefact / the same bytes as a static file
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


def sitemap_timings():
    """The sitemap index and every sitemap it lists: built (empty cache) and cached, as a
    crawler reads them; against the one document of every page it replaced (the largest
    sitemap is what a miss costs now)."""
    from django.test import RequestFactory
    from django.urls import resolve

    from newsroom.core import sitemap

    factory = RequestFactory(SERVER_NAME="localhost")

    def read_all():
        started = time.perf_counter()
        index = sitemap.sitemap_index(factory.get("/sitemap.xml")).content
        sizes, slowest = [], 0.0
        for location in re.findall(rb"<loc>([^<]+)</loc>", index):
            path = location.decode().split("localhost", 1)[1]
            match = resolve(path)
            one = time.perf_counter()
            body = match.func(factory.get(path), **match.kwargs).content
            slowest = max(slowest, time.perf_counter() - one)
            sizes.append(len(body))
        return time.perf_counter() - started, slowest, sizes

    # The seed has just changed the content: the first reading builds every sitemap.
    built, slowest_built, sizes = read_all()
    cached, slowest_cached, _sizes = read_all()
    print(
        f"sitemap: index + {len(sizes)} sitemaps (largest {max(sizes) / 1e6:.2f} MB): "
        f"built {built:.2f} s (slowest sitemap {slowest_built:.2f} s), "
        f"cached {cached * 1000:.0f} ms (slowest {slowest_cached * 1000:.1f} ms)"
    )


def serve_through_nginx(feeds_root, feed_path="/en/feeds/all.rss"):
    """wrk against the feed through `make serve`'s stack (nginx sending the artefact from
    FEEDS_ROOT) and against nginx serving a static copy of the same bytes."""
    from bench.serving import (
        DURATION,
        ROUNDS,
        Stack,
        alternated,
        fetch,
        missing_tools,
        row,
        wrk,
    )

    missing = missing_tools()
    if missing:
        print("feed serving through nginx skipped: missing " + "; ".join(missing))
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-feeds-"))
    try:
        with Stack(workdir, NEWSROOM_FEEDS_ROOT=str(feeds_root)) as stack:
            feed_url = stack.base + feed_path
            status, headers, body = fetch(feed_url)
            assert status == 200, status
            static_url = stack.static_copy("all.rss", body)
            print(
                f"\nGET {feed_path} ({len(body) / 1024:.1f} KB), wrk 2 threads, "
                f"32 connections, {DURATION} s each; feed and static copy alternated "
                f"{ROUNDS} times, the median run of each"
            )
            static, cached = alternated(static_url, feed_url)
            conditional = wrk(feed_url, headers=[f"If-None-Match: {headers['ETag']}"])
            direct = wrk(stack.direct + feed_path)
            print(f"{'':<34} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'ratio':>6}")
            row("nginx, static copy (baseline)", static)
            row("feed, nginx from the artefact", cached, static["rps"])
            record(
                "feeds",
                "feed, nginx",
                cached["rps"],
                static["rps"],
                "req/s",
                at_least(TARGET_RATIO),
            )
            row("feed, conditional GET (304)", conditional, static["rps"])
            record("feeds", "feed, 304", conditional["rps"], static["rps"], "req/s")
            row("feed, gunicorn alone", direct, static["rps"])
            record("feeds", "feed, gunicorn alone", direct["rps"], static["rps"], "req/s")
            ratio = cached["rps"] / static["rps"]
            verdict = "ok" if ratio >= TARGET_RATIO else "MISSED"
            print(f"feed / static: {ratio:.2f} (target >= {TARGET_RATIO}) {verdict}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    from newsroom.content.models import StatementPage
    from newsroom.events.models import EventPage
    from newsroom.feeds.building import rebuild

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as root, override_settings(FEEDS_ROOT=root):
        with transaction.atomic():
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
            record("feeds", "full rebuild", time.perf_counter() - started, None, "s")

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
                record("feeds", f"{label}: rebuild", rebuilt, None, "s", at_most(1, "s"))
            sitemap_timings()
            transaction.set_rollback(True)

        # Readers: the artefacts built above (still in ``root``: the web server reads files,
        # never the pages), through the production stack (nginx in front of gunicorn)
        # against nginx sending the same bytes as a static file, in this run.
        serve_through_nginx(root)
