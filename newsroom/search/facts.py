"""Keeping ``PageFacts``: what search needs of a page besides its index entry, written when the
page is saved and filled for pages that have none.
"""

from django.db.models.signals import post_save

from newsroom.core import sections

from .analysis import terms
from .models import PageFacts

DISPATCH_UID = "newsroom.search.facts.record"
MEDIA_BLOCKS = ("image", "embed")
SENTENCE_ENDS = '.!?؟:;؛…"»”)'
FIELDS = ("section", "published", "title_terms", "topics", "text")


def facts_of(page):
    """The PageFacts of the specific ``page``, unsaved. Read from the instance: during a
    publish its topics are saved after ``post_save``, and the instance already holds them."""
    return PageFacts(
        page_id=page.pk,
        section=sections.section_of(type(page)).key,
        published=page.publication_date,
        title_terms=" ".join(terms(page.title, page.locale.language_code)),
        topics=" ".join(sorted(topic.slug for topic in page.topics.all())),
        text=page_text(page),
    )


def page_text(page):
    """The prose of a page after its title, for snippets: standfirst and body text, without
    the alternative text and captions of images and embeds."""
    parts = [page.subtitle]
    for block in page.body:
        if block.block_type not in MEDIA_BLOCKS:
            parts += block.block.get_searchable_content(block.value)
    return _joined(part.strip() for part in parts if part and part.strip())


def _joined(parts):
    """Blocks run together as one text; a heading or a table cell gets a separator after it,
    so it does not read as the start of the next sentence."""
    text = ""
    for part in parts:
        if text:
            text += " " if text[-1] in SENTENCE_ENDS else " · "
        text += part
    return text


def record(sender, instance, raw=False, update_fields=None, **kwargs):
    """post_save of a section's live page: its facts as published. Saving a draft revision
    saves only some fields of the page (its title goes to ``draft_title``) while the instance
    holds the draft: that leaves the published facts."""
    if raw or update_fields is not None or not instance.live:
        return
    facts = facts_of(instance)
    PageFacts.objects.update_or_create(
        page_id=facts.page_id, defaults={field: getattr(facts, field) for field in FIELDS}
    )


def fill(page_ids):
    """Write the facts of the pages ``page_ids`` that have none; returns them by page id."""
    made = []
    for model in sections.page_models():
        pages = model.objects.filter(pk__in=page_ids, search_facts__isnull=True)
        pages = pages.select_related("locale").prefetch_related("topics")
        made += [facts_of(page) for page in pages]
    PageFacts.objects.bulk_create(made, ignore_conflicts=True)
    return {facts.page_id: facts for facts in made}


def fill_missing(pages):
    """Write the facts of the pages of the queryset ``pages`` that have none."""
    missing = list(pages.filter(search_facts__isnull=True).values_list("pk", flat=True))
    if missing:
        fill(missing)


def connect():
    for model in sections.page_models():
        post_save.connect(record, sender=model, dispatch_uid=f"{DISPATCH_UID}.{model.__name__}")
