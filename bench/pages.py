"""Page rendering: statements, events and home pages in both languages on the demo content plus
10,000 bilingual pages (Wagtail serving them through the full middleware stack, Django's test
client, no nginx micro-cache in front), against a bare Django view returning a body of the same
size, in the same run, the two timed in turns (bench.turns).

Uncached: every request renders its page, and each request for a statement or an event asks
for a different one, as a crawl of the archive does, so only what pages share (navigation,
"Latest", pages on the same topics, the home page's lists, the breadcrumb's trail) comes from
the fragment cache (newsroom.core.content_version), as it would for a crawler; the English
pages asked for are the translations of the Arabic ones, whose language links the Arabic run
kept, as a crawler following the hreflang links finds them. The queries
column counts one such request's SQL queries. The seed lives in a transaction that is rolled
back at the end, so the other benchmarks find the database as they left it.
"""

import datetime
import logging
import statistics
import time

from bench.report import at_most, record
from bench.turns import BLOCK, SETTLE, alternated, p99

REQUESTS = 200
PAIRS = 5_000  # English pages, each with its Arabic translation: 10,000 pages in all


def seed():
    """PAIRS statements and events under the demo's sections, half in each language, each
    with a demo topic and a short body. Returns {(kind, language): [url, ...]}."""
    from django.utils import timezone
    from wagtail.rich_text import RichText

    from newsroom.content.models import StatementIndexPage, StatementPage, Topic
    from newsroom.core import query_planner
    from newsroom.events.models import EventIndexPage, EventPage
    from tests.factories import bulk_pages

    body = [
        ("heading", {"text": "What we found", "level": "h2"}),
        ("paragraph", RichText("<p>" + "Detention without trial must end. " * 12 + "</p>")),
        ("quote", {"text": "Every week in a cell is a week of silence.", "attribution": "A"}),
    ]
    start = timezone.now() + datetime.timedelta(days=30)
    urls = {}
    for kind, model, index_model, fields in [
        ("statement", StatementPage, StatementIndexPage, {}),
        (
            "event",
            EventPage,
            EventIndexPage,
            {"start": start, "end": start + datetime.timedelta(hours=2), "venue_name": "Hall"},
        ),
    ]:
        english = None
        for language in ("en", "ar"):
            parent = index_model.objects.get(locale__language_code=language)
            topic = Topic.objects.filter(locale=parent.locale).order_by("slug").first()
            pages = bulk_pages(
                parent,
                model,
                PAIRS // 2,
                locale=parent.locale,
                translation_keys=[page.translation_key for page in english] if english else None,
                topics=[topic],
                body=body,
                **fields,
            )
            english = english or pages
            # Spread over the archive, newest to oldest: a crawl, not the front page.
            wanted = REQUESTS // BLOCK * (SETTLE + BLOCK) + 1  # each once; one more to count
            step = max(1, len(pages) // wanted)
            urls[kind, language] = [page.url for page in pages[::step]][:wanted]
    query_planner.refresh_statistics()  # as after any bulk load
    return urls


def main():
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import path
    from wagtail.models import Page

    from newsroom.urls import urlpatterns

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    logging.disable(logging.INFO)  # the seed's publishing chatter
    client = Client()
    bare_body = {}

    def bare(request):
        return HttpResponse(bare_body["bytes"], content_type="text/html; charset=utf-8")

    # The site's URLs with the bare view beside them, so that the two can take turns.
    urlconf = type("WithBareView", (), {"urlpatterns": [path("bare/", bare), *urlpatterns]})
    with transaction.atomic(), override_settings(ROOT_URLCONF=urlconf):
        started = time.perf_counter()
        urls = seed()
        print(f"{Page.objects.count()} pages, seeded in {time.perf_counter() - started:.1f} s")
        targets = {}
        for language in ("ar", "en"):
            targets[f"home {language}"] = [f"/{language}/"]
            targets[f"statement {language}"] = urls["statement", language]
            targets[f"event {language}"] = urls["event", language]
        for urls_of_target in targets.values():  # the shared fragments, as a crawl finds them
            client.get(urls_of_target[0])

        header = ("page", "p50 ms", "p99 ms", "bare p50", "ratio", "queries")
        print("{:<20} {:>8} {:>8} {:>9} {:>7} {:>8}".format(*header))
        for label, target_urls in targets.items():
            with CaptureQueriesContext(connection) as captured:
                client.get(target_urls[-1])
            queries = len(captured)  # now: the next request clears the connection's log
            bare_body["bytes"] = b"x" * len(client.get(target_urls[0]).content)
            page_samples, bare_samples, _response = alternated(
                client, target_urls, "/bare/", REQUESTS
            )
            p50, base50 = statistics.median(page_samples), statistics.median(bare_samples)
            print(
                f"{label:<20} {p50 * 1000:8.2f} {p99(page_samples) * 1000:8.2f} "
                f"{base50 * 1000:9.2f} {p50 / base50:6.1f}x {queries:8d}"
            )
            record(
                "pages",
                f"{label} p50",
                p50 * 1000,
                base50 * 1000,
                "ms",
                at_most(10),
                page_samples,
                bare_samples,
            )
        transaction.set_rollback(True)
