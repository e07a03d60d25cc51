"""Who gets what in a send: its period, its audience walked in batches of ids, who is still
eligible for it, and the ledger rows that can be handed out again."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from . import ledger
from .models import Delivery, Frequency, Send, Subscriber

DIGEST_KINDS = {Send.Kind.DAILY: Frequency.DAILY, Send.Kind.WEEKLY: Frequency.WEEKLY}


def period_for(kind, moment):
    local = timezone.localtime(moment)
    if kind == Send.Kind.DAILY:
        return f"daily:{local.date().isoformat()}"
    year, week, _day = local.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def id_chunks(queryset, size):
    """Primary keys of ``queryset`` in ascending chunks (keyset pagination: no big list)."""
    last = 0
    while True:
        ids = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


def digest_audience(frequency):
    return Subscriber.objects.receiving().filter(frequency=frequency)


def alert_audience(page):
    audience = Subscriber.objects.receiving().filter(
        frequency=Frequency.IMMEDIATE, language=page.locale.language_code
    )
    keys = list(page.topics.values_list("translation_key", flat=True))
    if keys:
        audience = audience.filter(Q(topics__isnull=True) | Q(topics__translation_key__in=keys))
    return audience.distinct()


def welcome_send(now=None):
    now = now or timezone.now()
    send, _created = Send.objects.get_or_create(
        period=f"welcome:{timezone.localtime(now).date().isoformat()}",
        defaults={"kind": Send.Kind.WELCOME, "cutoff": now},
    )
    return send


def eligible(send, subscriber):
    if subscriber is None or not subscriber.is_receiving:
        return False
    if send.kind in DIGEST_KINDS:
        return subscriber.frequency == DIGEST_KINDS[send.kind]
    if send.kind == Send.Kind.ALERT:
        page = send.page
        return (
            subscriber.frequency == Frequency.IMMEDIATE
            and page is not None
            and subscriber.language == page.locale.language_code
        )
    return True


def open_work(days=7):
    """(send, subscriber ids) of rows that can be claimed now, for ``tasks.resume``."""
    now = timezone.now()
    recent = Send.objects.filter(created_at__gte=now - timedelta(days=days))
    for send in recent:
        rows = Delivery.objects.filter(send=send, subscriber__isnull=False).filter(
            ledger.claimable(now)
        )
        last = 0
        while True:
            chunk = list(
                rows.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", "subscriber_id")[: settings.NEWSLETTER_BATCH_SIZE]
            )
            if not chunk:
                break
            yield send, [subscriber_id for _pk, subscriber_id in chunk]
            last = chunk[-1][0]
