"""Keeping what search reads of a page (``PageFacts`` and ``PageDocument``): written when the
page is published, removed when it is unpublished (or expires), filled after ``migrate`` for
live pages that have none (pages made before the tables, or in bulk) and all written again by
``update_index``. So a page has them exactly while it is live, and search reads the facts
alone, without the page's row, for every match.
"""

from django.db import connection, transaction
from django.db.models.signals import post_migrate, post_save
from wagtail.signals import page_unpublished

from newsroom.core import sections

from .analysis import terms
from .models import PageDocument, PageFacts, padded

DISPATCH_UID = "newsroom.search.facts.record"
MEDIA_BLOCKS = ("image", "embed")
SENTENCE_ENDS = '.!?؟:;؛…"»”)'
BATCH = 200  # pages loaded at once when filling: each holds its parsed body


def facts_of(page):
    """The PageFacts and the PageDocument of the specific ``page``, unsaved. Read from the
    instance: during a publish its topics are saved after ``post_save``, and the instance
    already holds them."""
    language = page.locale.language_code
    facts = PageFacts(
        page_id=page.pk,
        language=language,
        section=sections.section_of(type(page)).key,
        published=page.publication_date,
        year=page.publication_date.year,
        title_terms=padded(terms(page.title, language)),
        topics=padded(sorted(topic.slug for topic in page.topics.all())),
    )
    words = " ".join(part for part in page.search_text_parts() if part)
    document = PageDocument(
        page_id=page.pk, terms=" ".join(terms(words, language)), text=page_text(page)
    )
    return facts, document


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
    """post_save of a section's page: what search reads of it as published, or nothing once
    it is not live. Saving a draft revision saves only some fields of the page (its title
    goes to ``draft_title``) while the instance holds the draft: that leaves the published
    facts. A page saved as not live has none (``forget``)."""
    if raw or update_fields is not None:
        return
    if not instance.live:
        forget(instance)
        return
    facts, document = facts_of(instance)
    # The document first: on PostgreSQL a new facts row takes its terms from it (search.0006);
    # written the other way round, each new facts row is written twice.
    for row in (document, facts):
        fields = [field.attname for field in row._meta.concrete_fields if not field.primary_key]
        type(row).objects.update_or_create(
            page_id=row.page_id, defaults={name: getattr(row, name) for name in fields}
        )


def forget(instance, **kwargs):
    """Remove what search reads of the page ``instance``: it is no longer live. Also the
    receiver of ``page_unpublished``, which every unpublish sends with the specific page, where
    expiry saves the generic ``Page`` (no ``post_save`` of a section's model)."""
    PageFacts.objects.filter(page_id=instance.pk).delete()
    PageDocument.objects.filter(page_id=instance.pk).delete()


def fill_missing():
    """Write what search reads of every live page of a section that has none; returns how
    many pages."""
    made = 0
    for model in sections.page_models():
        pages = model.objects.live().filter(search_facts__isnull=True).order_by("pk")
        pages = pages.select_related("locale").prefetch_related("topics")
        for page_ids in _batches(pages.values_list("pk", flat=True)):
            rows = [facts_of(page) for page in pages.filter(pk__in=page_ids)]
            PageDocument.objects.bulk_create([doc for _, doc in rows], ignore_conflicts=True)
            PageFacts.objects.bulk_create([facts for facts, _ in rows], ignore_conflicts=True)
            made += len(rows)
    return made


def rebuild():
    """Write what search reads of every live page again (after the analysis changed); readers
    see the old rows until all the new ones are written."""
    with transaction.atomic():
        PageFacts.objects.all().delete()
        PageDocument.objects.all().delete()
        return fill_missing()


def _batches(ids):
    ids = list(ids)
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]


def _fill_after_migrate(sender, **kwargs):
    # Not after a migration back past the tables.
    tables = connection.introspection.table_names()
    if sender.name == __package__ and PageDocument._meta.db_table in tables:
        fill_missing()


def connect():
    for model in sections.page_models():
        post_save.connect(record, sender=model, dispatch_uid=f"{DISPATCH_UID}.{model.__name__}")
    page_unpublished.connect(forget, dispatch_uid=f"{DISPATCH_UID}.unpublished")
    post_migrate.connect(_fill_after_migrate, dispatch_uid=f"{DISPATCH_UID}.migrate")
