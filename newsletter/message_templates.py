"""The rendered messages of one send, by content (language, topics, window): a digest goes to
thousands of people who chose the same things, and each such message is rendered once
(``emails.MessageTemplate``) and kept in the worker's cache for the send's other batches."""

from . import content
from .emails import MessageTemplate
from .models import Send
from .planning import DIGEST_KINDS
from .worker_cache import shared

TEMPLATE_OF_KIND = {
    Send.Kind.DAILY: "digest",
    Send.Kind.WEEKLY: "digest",
    Send.Kind.ALERT: "alert",
    Send.Kind.WELCOME: "welcome",
}


def topic_keys(subscriber):
    """Translation keys of the subscriber's topics (from the prefetched relation), worked out
    once per subscriber object: a batch asks for them three times per message."""
    keys = getattr(subscriber, "_newsletter_topic_keys", None)
    if keys is None:
        keys = tuple(sorted(str(topic.translation_key) for topic in subscriber.topics.all()))
        subscriber._newsletter_topic_keys = keys
    return keys


class Templates:
    """Rendered messages of a send, by content (language, topics, window)."""

    def __init__(self, send):
        self.send = send
        # An unsaved send (a dry run) shares nothing with anyone.
        self.scope = (send.pk, send.period, send.cutoff) if send.pk else object()

    def _remember(self, store, key, make):
        return shared.get((self.scope, store, key), make)

    def items(self, subscriber, since=None):
        send = self.send
        language, keys = subscriber.language, topic_keys(subscriber)
        if send.kind in DIGEST_KINDS:
            key = (language, keys, since, send.cutoff)
            return self._remember(
                "items",
                key,
                lambda: content.pages(language, keys, since=since, until=send.cutoff),
            )
        if send.kind == Send.Kind.ALERT:
            return self._remember("items", "alert", self._alert_items)
        return self._remember("items", (language, keys), lambda: content.latest(language, keys))

    def _alert_items(self):
        page = self.send.page.specific if self.send.page else None
        if page is None or not page.live:
            return []
        item = content.to_item(page)
        return [item] if item else []

    def template(self, subscriber, since=None):
        items = self.items(subscriber, since)
        if not items and self.send.kind != Send.Kind.WELCOME:  # a welcome needs no news
            return None
        key = (subscriber.language, topic_keys(subscriber), subscriber.frequency, since)
        return self._remember("templates", key, lambda: self._render(subscriber, items))

    def _render(self, subscriber, items):
        kind = self.send.kind
        context = {
            "items": items,
            "count": len(items),
            "frequency": kind,
            "subscriber_frequency": subscriber.frequency,
        }
        return MessageTemplate.render(TEMPLATE_OF_KIND[kind], subscriber.language, context)
