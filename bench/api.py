"""Content API: list and detail on 10,000 bilingual pages (Django's test client, full
middleware stack) against a bare Django view returning a JSON document of the same size,
in the same run, the two timed in turns (bench.turns). The seed lives in a transaction that
is rolled back at the end, so the other benchmarks find the database as they left it."""

import json
import logging
import statistics
import time

from bench.report import at_most, record
from bench.seed import bilingual_archive
from bench.turns import alternated, p99

REQUESTS = 300


def main():
    from django.core.management import call_command
    from django.db import transaction
    from django.http import JsonResponse
    from django.test import Client, override_settings
    from django.urls import path
    from wagtail.models import Page

    from newsroom.content.models import NewsPage, StatementPage
    from newsroom.core import content_version
    from newsroom.urls import urlpatterns

    logging.disable(logging.INFO)  # the seed's publishing chatter
    call_command("migrate", verbosity=0)
    client = Client()
    document = {}

    def bare(request):
        return JsonResponse(document["json"], json_dumps_params={"ensure_ascii": False})

    # The site's URLs with the bare view beside them, so that the two can take turns.
    urlconf = type("WithBareView", (), {"urlpatterns": [path("bare/", bare), *urlpatterns]})
    with (
        transaction.atomic(),
        override_settings(NEWSROOM_API_RATE_LIMIT=10**9, ROOT_URLCONF=urlconf),
    ):
        started = time.perf_counter()
        tree = bilingual_archive()
        arabic = StatementPage.objects.filter(locale=tree.ar).order_by("-id").first()
        seeded = Page.objects.type(StatementPage, NewsPage).count()
        print(f"seeded {seeded} pages in {time.perf_counter() - started:.1f} s")
        targets = {
            "list (20)": "/api/v1/pages",
            "list ar (100)": "/api/v1/pages?locale=ar&limit=100",
            "detail ar": f"/api/v1/pages/{arabic.pk}",
        }
        header = ("request", "p50 ms", "p99 ms", "bare p50", "bare p99", "ratio")
        print("{:<24} {:>8} {:>8} {:>9} {:>9} {:>7}".format(*header))
        # Uncached: no stored response (newsroom.api.responses); every request asks the
        # database for its pages, whose items and details were written once for the content
        # version (newsroom.api.representations). Built: the first request after a change,
        # every item and detail built again. Cached: the steady state of a URL that is asked
        # again before the content changes.
        for mode, seconds, before in [
            ("uncached", 0, None),
            ("built", 0, content_version.bump),
            ("cached", 60, None),
        ]:
            for label, url in targets.items():
                with override_settings(NEWSROOM_API_CACHE_SECONDS=seconds):
                    document["json"] = json.loads(client.get(url).content)
                    api_samples, bare_samples, response = alternated(
                        client, [url], "/bare/", REQUESTS, before
                    )
                bare_length = len(client.get("/bare/").content)
                assert abs(bare_length - len(response.content)) < 64
                p50, base50 = statistics.median(api_samples), statistics.median(bare_samples)
                print(
                    f"{label + ', ' + mode:<24} {p50 * 1000:8.2f} {p99(api_samples) * 1000:8.2f} "
                    f"{base50 * 1000:9.2f} {p99(bare_samples) * 1000:9.2f} {p50 / base50:6.1f}x"
                )
                target = at_most(5) if mode == "uncached" else None
                record(
                    "api",
                    f"{label}, {mode} p50",
                    p50 * 1000,
                    base50 * 1000,
                    "ms",
                    target,
                    api_samples,
                    bare_samples,
                )
        transaction.set_rollback(True)
