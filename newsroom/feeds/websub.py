"""WebSub (W3C): telling the hub in ``WEBSUB_HUB_URL`` that feeds changed, so subscribers
hear of a publish without polling. A build that changed a feed calls ``send_ping``."""

import logging
import urllib.error
import urllib.parse
import urllib.request

from celery import shared_task
from django.conf import settings

from newsroom.core.outbox import eager

logger = logging.getLogger(__name__)
HUB_TIMEOUT = 10


def send_ping(urls):
    if eager():
        ping_hub(urls)
    else:
        websub_ping.delay(urls)


def ping_hub(urls):
    """Tell the WebSub hub that these feeds changed (hub.mode=publish, one topic per POST).
    Returns the URLs the hub did not accept."""
    hub = settings.WEBSUB_HUB_URL
    if not hub:
        return []
    failed = []
    for url in urls:
        body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": url}).encode()
        request = urllib.request.Request(
            hub,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=HUB_TIMEOUT) as response:
                response.read()
        except (urllib.error.URLError, OSError) as exc:
            logger.warning("WebSub hub %s refused %s: %s", hub, url, exc)
            failed.append(url)
    return failed


@shared_task(name="newsroom.feeds.websub_ping", bind=True, ignore_result=True, max_retries=5)
def websub_ping(self, urls):
    failed = ping_hub(urls)
    if failed:
        raise self.retry(args=[failed], countdown=60 * (self.request.retries + 1))
