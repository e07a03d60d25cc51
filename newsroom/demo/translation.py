"""Arabic versions made through wagtail-localize's own models, so that later syncs work.

For each English object: a TranslationSource (the frozen English content and its segments),
a Translation into Arabic, one StringTranslation per English string, SegmentOverrides for
synchronised fields that differ in Arabic (the full-text PDF), then ``save_target``, which
creates or updates the Arabic object exactly as the translation editor does.

The Arabic strings are not typed in by path: an unsaved Arabic twin of the English object is
built from the same bilingual spec (same StreamField block ids), both are run through
wagtail-localize's segment extractor, and the string segments are paired in order. A pair
whose paths differ means the two texts do not have the same structure, which is an error in
the demo texts, not something to paper over.
"""

import json

from django.db import transaction
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


class DemoContentError(Exception):
    pass


def string_pairs(english, arabic):
    """(English, Arabic) string segments at the same content paths."""
    english_strings = [s for s in extract_segments(english) if isinstance(s, StringSegmentValue)]
    arabic_strings = [s for s in extract_segments(arabic) if isinstance(s, StringSegmentValue)]
    english_paths = [segment.path for segment in english_strings]
    arabic_paths = [segment.path for segment in arabic_strings]
    if english_paths != arabic_paths:
        missing = sorted(set(english_paths) ^ set(arabic_paths))
        raise DemoContentError(
            f"{english!r}: the English and Arabic texts do not have the same strings "
            f"({len(english_paths)} and {len(arabic_paths)}; differing paths: {missing[:5]})"
        )
    return list(zip(english_strings, arabic_strings, strict=True))


def add_string_translations(source, pairs, locale):
    """Create the missing StringTranslations of ``source``; returns how many were made.

    Existing ones are left alone: a translator may have improved them in the admin.
    """
    segments = {
        (segment.context.path, segment.string.data): segment
        for segment in StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
    }
    existing = set(
        StringTranslation.objects.filter(
            locale=locale, context__object_id=source.object_id
        ).values_list("translation_of_id", "context_id")
    )
    created = 0
    for english, arabic in pairs:
        segment = segments.get((english.path, english.string.data))
        # Absent when someone edited the English page since the demo wrote it.
        if segment is None or (segment.string_id, segment.context_id) in existing:
            continue
        translation = StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            data=arabic.string.data,
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
        if translation.has_error:
            raise DemoContentError(f"wagtail-localize rejected {arabic.string.data!r}")
        existing.add((segment.string_id, segment.context_id))
        created += 1
    return created


def add_overrides(source, overrides, locale):
    """Override synchronised fields (by content path) in the Arabic version."""
    created = 0
    for path, value in overrides.items():
        segment = (
            OverridableSegment.objects.filter(source=source, context__path=path)
            .select_related("context")
            .first()
        )
        if segment is None:
            continue
        _, made = SegmentOverride.objects.get_or_create(
            locale=locale, context=segment.context, defaults={"data_json": json.dumps(value)}
        )
        created += made
    return created


def prepare(english, arabic_twin, locale, overrides=None, refresh_source=False):
    """Source, translation and strings for ``english``; returns (translation, changed)."""
    if refresh_source:
        source, new_source = TranslationSource.update_or_create_from_instance(english)
    else:
        source, new_source = TranslationSource.get_or_create_from_instance(english)
    translation, created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    changed = created or refresh_source
    try:
        # The strings to translate are the source's as last synced, not the live page's.
        pairs = string_pairs(source.as_instance(), arabic_twin)
    except DemoContentError:
        if new_source or refresh_source:
            raise
        # Edited and synced in the admin since the demo wrote it: the translator's now.
        pairs = []
    changed |= bool(add_string_translations(source, pairs, locale))
    changed |= bool(add_overrides(source, overrides or {}, locale))
    return translation, changed


def localise_relations(page, locale):
    """Point the many-to-many relations of a translated page at the translated snippets.

    wagtail-localize copies these relations as they are on the source (it does not sync
    many-to-many fields), so the Arabic page would list the English topics in the admin.
    """
    changed = False
    for field in page._meta.get_fields():
        if not isinstance(field, ParentalManyToManyField):
            continue
        if not issubclass(field.related_model, TranslatableMixin):
            continue
        current = list(getattr(page, field.name).all())
        wanted = [obj.get_translation_or_none(locale) or obj for obj in current]
        if wanted != current:
            getattr(page, field.name).set(wanted)
            changed = True
    return changed


@transaction.atomic
def translate_page(english, arabic_twin, locale, overrides=None, refresh_source=False):
    """The published Arabic translation of ``english``; returns (page, changed)."""
    translation, changed = prepare(english, arabic_twin, locale, overrides, refresh_source)
    target = english.get_translation_or_none(locale)
    if not changed and target is not None and target.live:
        return target.specific, False
    # save_target(publish=True) would publish in transaction.on_commit, which never runs
    # inside a test transaction; save a draft revision and publish it here instead.
    translation.save_target(publish=False)
    target = english.get_translation(locale).specific
    if localise_relations(target, locale):
        target.save_revision()
    target.get_latest_revision().publish()
    return Page.objects.get(pk=target.pk).specific, True


@transaction.atomic
def translate_snippet(english, arabic_twin, locale, overrides=None):
    """The Arabic translation of a snippet; returns (snippet, changed)."""
    translation, changed = prepare(english, arabic_twin, locale, overrides)
    target = english.get_translation_or_none(locale)
    if not changed and target is not None:
        return target, False
    translation.save_target(publish=True)
    return english.get_translation(locale), True


def is_fully_translated(translation):
    total, done = translation.get_progress()
    return total == done
