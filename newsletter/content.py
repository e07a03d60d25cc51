"""What a digest, an alert or a welcome email lists: live, public pages of one language."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from newsroom.core import sections
from newsroom.core.mail import clean_line, clean_text

MAX_ITEMS = 30  # per digest; the email links to the site for the rest
WELCOME_ITEMS = 5


def digest_models():
    return list(sections.syndicated_models())


@dataclass(frozen=True)
class Item:
    """One page, reduced to what an email shows; the text is already cleaned."""

    title: str
    summary: str
    url: str
    kind: str
    label: object  # the page type's (lazy) verbose name, translated when rendered
    published: object  # datetime
    date: object  # publication_date


def absolute_page_url(page):
    parts = page.get_url_parts()
    if parts is None:
        return None
    _site_id, _root_url, path = parts
    return settings.SITE_URL + path


def to_item(page):
    url = absolute_page_url(page)
    if url is None:
        return None
    return Item(
        title=clean_line(page.title),
        summary=clean_text(getattr(page, "subtitle", "")).strip(),
        url=url,
        kind=page._meta.model_name,
        label=page._meta.verbose_name,
        published=page.first_published_at,
        date=getattr(page, "publication_date", None),
    )


def pages(language, topic_keys=(), since=None, until=None, limit=MAX_ITEMS, models=None):
    """Pages of ``language`` first published in (since, until], newest first, as Items.

    ``topic_keys`` are Topic translation keys (shared by both languages); empty means any.
    """
    found = []
    for model in models or digest_models():
        queryset = model.objects.live().public().filter(locale__language_code=language)
        if since is not None:
            queryset = queryset.filter(first_published_at__gt=since)
        if until is not None:
            queryset = queryset.filter(first_published_at__lte=until)
        if topic_keys:
            queryset = queryset.filter(topics__translation_key__in=list(topic_keys)).distinct()
        found += list(queryset.order_by("-first_published_at", "-pk")[:limit])
    found.sort(key=lambda page: (page.first_published_at or timezone.now(), page.pk), reverse=True)
    items = [to_item(page) for page in found[:limit]]
    return [item for item in items if item is not None]


def latest(language, topic_keys=(), limit=WELCOME_ITEMS):
    """For the welcome email: the newest pages on the chosen topics, else the newest at all."""
    return pages(language, topic_keys, limit=limit) or pages(language, limit=limit)
