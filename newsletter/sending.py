"""Starting a send: the period's digest, a statement's alert. The send's ``Send`` row is created
or reused (so running it again is safe), and its audience is handed to the
``batches.deliver_batch`` task in batches of NEWSLETTER_BATCH_SIZE ids, walking the table by
primary key so no full list is ever held."""

from collections import Counter

from celery.result import EagerResult
from django.conf import settings
from django.utils import timezone

from .batches import Batch, deliver_batch
from .models import Send
from .planning import alert_audience, digest_audience, id_chunks, period_for


def start_digest(frequency, now=None, dry_run=False):
    """Send ``frequency``'s digest for the current period to everyone with something new.

    Safe to run again: the period's ``Send`` (and its cut-off) is reused and rows already sent
    are not sent again. Returns a summary.
    """
    now = now or timezone.now()
    period = period_for(frequency, now)
    if dry_run:
        return _dry_run(frequency, period, now)
    send, _created = Send.objects.get_or_create(
        period=period, defaults={"kind": frequency, "cutoff": now}
    )
    return dispatch(send, digest_audience(frequency))


def _dry_run(frequency, period, now):
    send = Send.objects.filter(period=period).first() or Send(
        kind=frequency, period=period, cutoff=now
    )
    planned = checked = 0
    for ids in id_chunks(digest_audience(frequency), settings.NEWSLETTER_BATCH_SIZE):
        planned += len(Batch(send, ids).plan())
        checked += len(ids)
    return {"period": period, "subscribers": checked, "digests": planned, "dry_run": True}


def start_alert(page):
    """Statement ``page`` was published: alert the 'immediate' subscribers of its language."""
    audience = alert_audience(page)
    if not audience.exists():
        return None
    send, _created = Send.objects.get_or_create(
        period=f"alert:{page.pk}",
        defaults={"kind": Send.Kind.ALERT, "cutoff": timezone.now(), "page": page},
    )
    return dispatch(send, audience)


def dispatch(send, audience):
    batches = subscribers = 0
    totals = Counter()
    queued = []
    for ids in id_chunks(audience, settings.NEWSLETTER_BATCH_SIZE):
        result = deliver_batch.delay(send.pk, ids)
        batches += 1
        subscribers += len(ids)
        if isinstance(result, EagerResult):  # no broker: it ran already, here
            if isinstance(result.result, dict):
                totals.update(result.result.get("outcomes", {}))
        else:
            queued.append(result.id)
    return {
        "period": send.period,
        "send": send.pk,
        "batches": batches,
        "subscribers": subscribers,
        "outcomes": dict(totals),
        "tasks": queued,  # batches handed to the workers (with a broker)
    }
