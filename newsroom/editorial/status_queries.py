"""What the translation status report reads from wagtail-localize and Wagtail's workflows.

Each function is one query over the pages of the report (``key_filter``: a subquery of their
translation keys), or one per language: the report's cost does not grow with the tree.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Max, OuterRef
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)


def translation_sources(key_filter):
    """(sources, translations) of the pages.

    ``sources``: {translation key: [TranslationSource rows]}, each row saying whether it has
    translations; ``translations``: {source id: {target locale id: (translation id, enabled)}}.
    """
    source_rows = list(
        TranslationSource.objects.filter(object_id__in=key_filter).values(
            "id", "object_id", "locale_id", "last_updated_at"
        )
    )
    translations = defaultdict(dict)
    for row in Translation.objects.filter(source__object_id__in=key_filter).values(
        "id", "source_id", "target_locale_id", "enabled"
    ):
        translations[row["source_id"]][row["target_locale_id"]] = (row["id"], row["enabled"])
    sources = defaultdict(list)
    for row in source_rows:
        row["has_translations"] = bool(translations.get(row["id"]))
        sources[row["object_id"]].append(row)
    return sources, translations


@dataclass
class SegmentCounts:
    """How far the translation of each source into each language has come."""

    totals: dict  # source id → its segments
    translated: dict  # (source id, locale id) → segments translated (and reviewed)
    to_review: dict  # (source id, locale id) → segments holding a carried-over translation
    last_translated: dict  # (translation key, locale id) → when a segment was last translated


def segments_per_source(key_filter, translations):
    """(source id, how many of its segments have one of ``translations``) for those sources."""
    return (
        StringSegment.objects.filter(source__object_id__in=key_filter)
        .filter(Exists(translations))
        .values("source_id")
        .annotate(n=Count("id"))
        .values_list("source_id", "n")
    )


def _segment_translations(locale, **conditions):
    """A subquery: the segment's string translated into ``locale``, with ``conditions``."""
    return StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=locale.pk,
        **conditions,
    )


def segment_counts(key_filter, locales):
    counts = SegmentCounts(
        totals=dict(
            StringSegment.objects.filter(source__object_id__in=key_filter)
            .values("source_id")
            .annotate(n=Count("id"))
            .values_list("source_id", "n")
        ),
        translated={},
        to_review={},
        last_translated={},
    )
    for locale in locales:
        # has_error also marks a carried-over translation not reviewed yet: not done.
        done = _segment_translations(locale, has_error=False)
        for source_id, n in segments_per_source(key_filter, done):
            counts.translated[source_id, locale.pk] = n
        waiting = _segment_translations(locale, has_error=True, carried_over__isnull=False)
        for source_id, n in segments_per_source(key_filter, waiting):
            counts.to_review[source_id, locale.pk] = n
        for key, latest in (
            StringTranslation.objects.filter(
                locale_id=locale.pk, has_error=False, context__object_id__in=key_filter
            )
            .values("context__object_id")
            .annotate(latest=Max("updated_at"))
            .values_list("context__object_id", "latest")
        ):
            counts.last_translated[key, locale.pk] = latest
    return counts


def workflow_states():
    """{page id (a string, as Wagtail stores it): status} of each page's active workflow."""
    page_type = ContentType.objects.get_for_model(Page)
    return dict(
        WorkflowState.objects.active()
        .filter(base_content_type=page_type)
        .values_list("object_id", "status")
    )
