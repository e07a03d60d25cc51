"""Page rendering: Wagtail serving demo pages (full middleware stack, Django's test client)
against a bare Django view returning a body of the same size, in the same run."""

import statistics
import time

from bench.report import at_most, record

REQUESTS = 200


def timed(client, url):
    samples = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    timed.samples = samples  # for the report's plots
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1], len(response.content)


def main():
    from django.core.management import call_command
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import path

    from newsroom.content.models import StatementPage

    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    statement = StatementPage.objects.live().filter(locale__language_code="ar").first()
    targets = {"Arabic home": "/ar/", "Arabic statement": statement.url}

    client = Client()
    print(f"{'page':<20} {'p50 ms':>8} {'p99 ms':>8} {'bare p50':>9} {'ratio':>7}")
    for label, url in targets.items():
        p50, p99, size = timed(client, url)
        page_samples = timed.samples
        body = b"x" * size

        def bare(request, body=body):
            return HttpResponse(body, content_type="text/html; charset=utf-8")

        urlconf = type("BareUrls", (), {"urlpatterns": [path("bare/", bare)]})
        with override_settings(ROOT_URLCONF=urlconf):
            base50, _base99, _ = timed(client, "/bare/")
        print(
            f"{label:<20} {p50 * 1000:8.2f} {p99 * 1000:8.2f} {base50 * 1000:9.2f} "
            f"{p50 / base50:6.1f}x"
        )
        record(
            "pages",
            f"{label} p50",
            p50 * 1000,
            base50 * 1000,
            "ms",
            at_most(10),
            page_samples,
            timed.samples,
        )
