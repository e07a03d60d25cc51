"""Carrying a translation over to a changed source segment, for its translator to review.

wagtail-localize keys a translation on the exact source string: when an editor changes three
words of a paragraph and the source is synced (our sync, wagtail-localize's "Sync translated
pages", or a new "Translate" of the page), the paragraph becomes a new string with no
translation and the translator faces an empty box (wagtail-localize issues #502 and #657).

Here, when a sync replaces a segment's string, the previous translation of that segment is
copied to the new string, with wagtail-localize's own ``has_error`` flag set: its progress
counts, our status report and the pages it builds all treat it as not translated yet, so an
unreviewed translation never reaches readers and a pair is never "In sync" while one waits.
A ``CarriedOverTranslation`` records the source text the translation was made for, so the
translation editor can show it prefilled, flagged "needs review", with the word-level diff
of the source. Saving the segment in the editor (wagtail-localize's own endpoint clears the
flag) is the review; the record goes with it.

Pairing: a plain field has one segment per content path, so the new string there replaces
the old one. A rich-text block has one segment per paragraph, all on the same path; a
changed paragraph is paired with the most similar new paragraph there, if similar enough.
A string that only moved (a paragraph inserted above it) keeps its translation as it is.
"""

import difflib
import re

from django.db.models.signals import post_delete, post_save
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail_localize.models import StringSegment, StringTranslation
from wagtail_localize.strings import StringValue

from newsroom.core.i18n import neutralise_bidi

from .changes import describe_path
from .models import CarriedOverTranslation

DISPATCH_PREFIX = "newsroom.editorial.carry_over."
# Stored on the carried translation: what wagtail-localize shows if nothing of ours does.
STORED_NOTE = "Needs review: the source text changed; this is the previous translation."
# Below this similarity a new paragraph on the same path is not the old one rewritten.
MIN_SIMILARITY = 0.5
SUMMARY_CHANGES = 3
SUMMARY_TEXT = 60
WORDS = re.compile(r"\w+|[^\w\s]+|\s+")


def text_of(data):
    """The reader's text of a stored source string (inline markup removed)."""
    return StringValue(data).render_text()


def _words(text):
    return WORDS.findall(text)


def _similarity(a, b):
    # Words only: spaces would match everywhere and make any two paragraphs look alike.
    a, b = ([w for w in _words(text) if not w.isspace()] for text in (a, b))
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def word_diff(old, new):
    """[[op, text], …] from ``old`` to ``new`` word by word; op is equal, delete or insert.

    A change is one deletion followed by one insertion (either may be missing).
    """
    a, b = _words(old), _words(new)
    raw = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            raw.append(("equal", "".join(a[i1:i2])))
        else:
            raw += [("delete", "".join(a[i1:i2])), ("insert", "".join(b[j1:j2]))]
    ops, removed, added = [], "", ""
    for index, (op, text) in enumerate(raw):
        if op == "delete":
            removed += text
        elif op == "insert":
            added += text
        elif (removed or added) and not text.strip() and index + 1 < len(raw):
            # A space between two changed words belongs to the change: one run reads better.
            removed, added = removed + text, added + text
        else:
            ops += [["delete", removed]] if removed else []
            ops += [["insert", added]] if added else []
            ops.append(["equal", text])
            removed, added = "", ""
    ops += [["delete", removed]] if removed else []
    ops += [["insert", added]] if added else []
    return ops


def _short(text):
    """A quoted piece of source text, isolated: it keeps its direction inside an Arabic note."""
    text = Truncator(" ".join(neutralise_bidi(text).split())).chars(SUMMARY_TEXT)
    return f"\u2068{text}\u2069"  # FSI … PDI


def diff_summary(ops):
    """The changes of a word diff in one line, e.g. “three weeks” → “nine long days”."""
    parts, removed = [], None
    for op, text in ops + [["equal", ""]]:
        if op == "insert":
            texts = {"old": _short(removed or ""), "new": _short(text)}
            if removed and removed.strip():
                parts.append(_("“%(old)s” → “%(new)s”") % texts)
            elif text.strip():
                parts.append(_("added “%(new)s”") % texts)
            removed = None
            continue
        if removed and removed.strip():
            parts.append(_("removed “%(old)s”") % {"old": _short(removed)})
        removed = text if op == "delete" else None
    if len(parts) > SUMMARY_CHANGES:
        parts = parts[:SUMMARY_CHANGES] + ["…"]
    return "; ".join(parts)


# --- Carrying over, when a sync removes a segment.


def _replacement(removed, siblings, locale_id, old_text):
    """The new segment on ``removed``'s path that takes over its translation, if any."""
    translated = set(
        StringTranslation.objects.filter(
            locale_id=locale_id,
            context_id=removed.context_id,
            translation_of_id__in=[s.string_id for s in siblings],
        ).values_list("translation_of_id", flat=True)
    )
    candidates = [s for s in siblings if s.string_id not in translated]
    if not candidates:
        return None
    if len(siblings) == 1:
        return candidates[0]
    scored = [
        (_similarity(old_text, text_of(s.string.data)), -abs(s.order - removed.order), s)
        for s in candidates
    ]
    score, _distance, best = max(scored, key=lambda item: item[:2])
    return best if score >= MIN_SIMILARITY else None


def carry_over(removed):
    """Give the translations of a removed segment's string to the string that replaced it.

    Returns the carried-over StringTranslations.
    """
    siblings = list(
        StringSegment.objects.filter(
            source_id=removed.source_id, context_id=removed.context_id
        ).select_related("string")
    )
    if not siblings or any(s.string_id == removed.string_id for s in siblings):
        return []  # the source is gone, or the string only moved
    previous = StringTranslation.objects.filter(
        translation_of_id=removed.string_id, context_id=removed.context_id
    ).select_related("translation_of", "carried_over")
    carried = []
    for old in previous:
        # Unreviewed already: the diff still starts from the text it was made for.
        record = getattr(old, "carried_over", None)
        made_for = record.previous_source if record else old.translation_of.data
        new = _replacement(removed, siblings, old.locale_id, text_of(old.translation_of.data))
        if new is None:
            continue
        translation, created = StringTranslation.objects.get_or_create(
            translation_of_id=new.string_id,
            locale_id=old.locale_id,
            context_id=removed.context_id,
            defaults={
                "data": old.data,
                "translation_type": old.translation_type,
                "tool_name": old.tool_name,
                "last_translated_by_id": old.last_translated_by_id,
                "has_error": True,
                "field_error": STORED_NOTE,
            },
        )
        if not created:
            continue  # translated meanwhile (another sync, or the translator): theirs stands
        CarriedOverTranslation.objects.create(translation=translation, previous_source=made_for)
        carried.append(translation)
        if record:
            old.delete()  # never reviewed, so nobody's translation of that text: moved on
    return carried


def _segment_removed(sender, instance, **kwargs):
    carry_over(instance)


def _translation_saved(sender, instance, **kwargs):
    # wagtail-localize's editor (and a PO upload) save with has_error cleared: reviewed.
    if not instance.has_error:
        CarriedOverTranslation.objects.filter(translation_id=instance.pk).delete()


def connect():
    post_delete.connect(
        _segment_removed, sender=StringSegment, dispatch_uid=DISPATCH_PREFIX + "segment"
    )
    post_save.connect(
        _translation_saved, sender=StringTranslation, dispatch_uid=DISPATCH_PREFIX + "saved"
    )


# --- What the translation editor shows.


def reviews(translation):
    """The segments of ``translation`` (a wagtail-localize Translation) waiting for review.

    {segment id: {"label", "previous_source", "source", "translation", "diff", "summary"}}.
    """
    source = translation.source
    records = {
        (record.translation.translation_of_id, record.translation.context_id): record
        for record in CarriedOverTranslation.objects.filter(
            translation__locale_id=translation.target_locale_id,
            translation__context__object_id=source.object_id,
            translation__has_error=True,
        ).select_related("translation")
    }
    if not records:
        return {}
    instance = source.as_instance()
    found = {}
    for segment in (
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    ):
        record = records.get((segment.string_id, segment.context_id))
        if record is None:
            continue
        previous, current = text_of(record.previous_source), text_of(segment.string.data)
        ops = word_diff(previous, current)
        found[segment.pk] = {
            "label": describe_path(instance, segment.context.path),
            "previous_source": previous,
            "source": current,
            "translation": record.translation.data,
            "diff": ops,
            "summary": diff_summary(ops),
        }
    return found
