"""Syncing translations with their source without changing what readers see.

wagtail-localize's ``Translation.save_target(publish=False)`` writes the translated content
into the page row itself, which *is* the live page in Wagtail: the Arabic page would switch
to the new (partly English) content at once. Here a live translation gets a draft revision
instead, built the same way (synchronised fields copied, translated segments ingested) but
saved with ``save_revision`` only. It goes live when someone publishes it or a reviewer
approves it. A translation that is not live yet is written by ``save_target`` as usual.

A sync job walks a page (and optionally its subtree) in tree order, one transaction per page,
in batches: when a batch is done, its task (``tasks.sync_translations``) hands the rest to a
new one, so a large tree never runs into a task time limit, and the admin can show progress
as the counters move.
"""

import logging
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalManyToManyField
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import copy_synchronised_fields
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.segments.ingest import ingest_segments

from .changes import changes_since_sync
from .models import MAX_RESULTS, SyncJob, SyncLog

logger = logging.getLogger(__name__)

BATCH_SIZE = 100

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
FAILED = "failed"

# Why a page was skipped; the job page says it in the reader's language.
NO_PERMISSION = "no_permission"
MISSING = "missing"
PARENT_MISSING = "parent_missing"
NOT_SYNCED = "not_synced"
SOURCE_DELETED = "source_deleted"


def localise_relations(page, locale):
    """Point many-to-many relations (topics, co-signatories…) at their ``locale`` versions.

    wagtail-localize copies these as they are on the source. Works on the in-memory page,
    so it ends up in the revision being saved. Returns the objects that have no version in
    ``locale`` (they stay, as the explicit fallback).
    """
    fallbacks = []
    for field in page._meta.get_fields():
        if not isinstance(field, ParentalManyToManyField):
            continue
        if not issubclass(field.related_model, TranslatableMixin):
            continue
        current = list(getattr(page, field.name).all())
        if not current:
            continue
        translated = {
            obj.translation_key: obj
            for obj in field.related_model._default_manager.filter(
                translation_key__in=[obj.translation_key for obj in current], locale=locale
            )
        }
        wanted = [translated.get(obj.translation_key, obj) for obj in current]
        fallbacks += [obj for obj in wanted if obj.locale_id != locale.pk]
        if [obj.pk for obj in wanted] != [obj.pk for obj in current]:
            getattr(page, field.name).set(wanted)
    return fallbacks


def ensure_related_translations(source, locale, user=None):
    """Translate (from the source text) snippets the source refers to that lack ``locale``.

    wagtail-localize cannot build a translation that points at an untranslated snippet
    (e.g. the organisation issuing a statement). Like its "Translate" action, this creates
    the missing snippet translations; they keep the source text until someone translates
    them. Returns their names, so the editor is told.
    """
    created = []
    creator = TranslationCreator(user, [locale])
    for segment in source.relatedobjectsegment_set.select_related("object"):
        if segment.object.has_translation(locale):
            continue
        instance = segment.get_source_instance()
        creator.create_translations(instance, include_related_objects=False)
        created.append(str(instance))
    return created


def save_translation_draft(translation, user=None):
    """The translation's page brought up to date as a revision; returns (page, created).

    A live page only gets a new (unpublished) revision; see the module docstring.
    """
    source = translation.source
    locale = translation.target_locale
    try:
        target = source.get_translated_instance(locale)
    except ObjectDoesNotExist:
        target = None
    if target is None or not isinstance(target, Page) or not target.live or target.alias_of_id:
        translation.save_target(user=user, publish=False)
        page = source.get_translated_instance(locale)
        if isinstance(page, Page):
            localise_relations_in_latest_revision(page, locale, user)
        return page, target is None
    original = source.as_instance()
    copy_synchronised_fields(original, target)
    segments = source._get_segments_for_translation(locale, fallback=True)
    ingest_segments(original, target, source.locale, locale, segments)
    # As save_target does: the slug (the source's, or the page's own for a home page) must
    # be free among the translation's siblings.
    target.slug = find_available_slug(
        target.get_parent(), slugify(target.slug), ignore_page_id=target.pk
    )
    localise_relations(target, locale)
    target.save_revision(user=user)
    return target, False


def localise_relations_in_latest_revision(page, locale, user=None):
    revision = page.get_latest_revision()
    if revision is None:
        return
    draft = revision.as_object()
    before = {
        field.name: [obj.pk for obj in getattr(draft, field.name).all()]
        for field in draft._meta.get_fields()
        if isinstance(field, ParentalManyToManyField)
    }
    localise_relations(draft, locale)
    after = {name: [obj.pk for obj in getattr(draft, name).all()] for name in before}
    if after != before:
        draft.save_revision(user=user, changed=True, clean=False)


def _result(page, outcome, target=None, reason="", **extra):
    return {
        "page": page.pk,
        "title": page.title,
        "target": getattr(target, "pk", None),
        "outcome": outcome,
        "reason": reason,
        **extra,
    }


def sync_page(page, locale, user=None, create_missing=False, job=None):
    """Sync one source page into ``locale``; returns a result dict (see ``_result``)."""
    page = page.specific
    target = page.get_translation_or_none(locale)
    if target is None or target.alias_of_id:
        return _create_translation(page, locale, user, create_missing)

    source = TranslationSource.objects.get_for_instance_or_none(page)
    translation = (
        Translation.objects.filter(source=source, target_locale=locale, enabled=True).first()
        if source is not None
        else None
    )
    if translation is None:
        return _result(page, SKIPPED, target, NOT_SYNCED)
    if user is not None and not target.permissions_for_user(user).can_edit():
        return _result(page, SKIPPED, target, NO_PERMISSION)

    changes = changes_since_sync(source)
    published = page.last_published_at
    outdated = published is not None and published > source.last_updated_at
    if not changes and not outdated:
        return _result(page, UNCHANGED, target)
    previous = source.last_updated_at
    source.update_from_db()
    fallbacks = ensure_related_translations(source, locale, user)
    target, _created = save_translation_draft(translation, user)
    SyncLog.objects.create(
        source=source,
        target_locale=locale,
        job=job,
        synced_by=user,
        previous_sync_at=previous,
        changes=changes,
    )
    return _result(page, UPDATED, target, changes=len(changes), created_snippets=fallbacks)


def _create_translation(page, locale, user, create_missing):
    if not create_missing:
        return _result(page, SKIPPED, None, MISSING)
    parent = page.get_parent()
    parent_translation = parent.get_translation_or_none(locale) if parent.depth > 1 else parent
    if parent_translation is None:
        return _result(page, SKIPPED, None, PARENT_MISSING)
    if user is not None and not parent_translation.permissions_for_user(user).can_add_subpage():
        return _result(page, SKIPPED, None, NO_PERMISSION)
    creator = TranslationCreator(user, [locale])
    creator.create_translations(page)
    target = page.get_translation_or_none(locale)
    if target is not None:
        localise_relations_in_latest_revision(target.specific, locale, user)
    return _result(page, CREATED, target)


# --- Jobs.


def job_pages(job):
    if job.page is None:
        return Page.objects.none()
    pages = Page.objects.filter(pk=job.page_id)
    if job.include_subtree:
        pages = Page.objects.descendant_of(job.page, inclusive=True).filter(
            locale_id=job.page.locale_id, alias_of__isnull=True
        )
    return pages.order_by("path")


COUNTERS = {CREATED: "created", UPDATED: "updated", UNCHANGED: "unchanged", SKIPPED: "skipped"}
PROGRESS_FIELDS = [*COUNTERS.values(), "failed", "processed", "cursor", "results"]
# The job page polls every second; writing the progress more often would only cost time.
PROGRESS_INTERVAL = 1.0


def run_job(job_id, batch_size=None):
    """Process the next batch of a job; returns True when more remains (``tasks`` sends it on)."""
    batch_size = batch_size or BATCH_SIZE
    job = SyncJob.objects.select_related("page", "target_locale", "requested_by").get(pk=job_id)
    if job.is_finished:
        return False
    try:
        if job.status == SyncJob.QUEUED:
            job.status = SyncJob.RUNNING
            job.started_at = timezone.now()
            job.total = job_pages(job).count()
            job.save(update_fields=["status", "started_at", "total"])
        user = job.requested_by
        if user is not None:
            user = get_user_model().objects.get(pk=user.pk)  # fresh permission caches
        pages = job_pages(job)
        if job.cursor:
            pages = pages.filter(path__gt=job.cursor)
        batch = list(pages[: batch_size + 1])
        written = time.monotonic()
        for page in batch[:batch_size]:
            result = _run_one(job, page, user)
            counter = COUNTERS.get(result["outcome"], "failed")
            setattr(job, counter, getattr(job, counter) + 1)
            job.processed += 1
            job.cursor = page.path
            if result["outcome"] != UNCHANGED and len(job.results) < MAX_RESULTS:
                job.results.append(result)
            if time.monotonic() - written >= PROGRESS_INTERVAL:
                job.save(update_fields=PROGRESS_FIELDS)
                written = time.monotonic()
        job.save(update_fields=PROGRESS_FIELDS)
        if len(batch) > batch_size:
            return True
        job.status = SyncJob.DONE
    except Exception as exc:
        logger.exception("translation sync job %s failed", job_id)
        job.status = SyncJob.FAILED
        job.error = f"{type(exc).__name__}: {exc}"[:2000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at", *PROGRESS_FIELDS])
    return False


def _run_one(job, page, user):
    try:
        with transaction.atomic():
            return sync_page(
                page,
                job.target_locale,
                user=user,
                create_missing=job.create_missing,
                job=job,
            )
    except ValidationError as exc:
        message = "; ".join(exc.messages)
    except Exception as exc:
        logger.exception("syncing page %s into %s failed", page.pk, job.target_locale)
        message = f"{type(exc).__name__}: {exc}"
    return _result(page, FAILED, None, message=message[:500])
