"""What changed in a source page since its translation was last synced.

wagtail-localize keeps the source content as it was at the last sync (``TranslationSource``).
Both that snapshot and the live source are run through wagtail-localize's own segment
extractor, so the comparison covers exactly what a translator translates (text segments) and
what is copied across (images, documents, chosen pages, snippets, synchronised values),
labelled the way an editor knows the field ("Body › Quote › Attribution").
"""

import difflib
from collections import OrderedDict

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.fields import StreamField
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments

MAX_CHANGES = 50
MAX_TEXT = 280
SEPARATOR = " › "


def _short(text):
    return Truncator(" ".join(str(text).split())).chars(MAX_TEXT)


def _segment_texts(instance):
    """{content path: [display strings]} in document order."""
    found = OrderedDict()
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            text = segment.render_text()
        elif isinstance(segment, OverridableSegmentValue):
            text = _describe_value(instance, segment.path, segment.data)
        elif isinstance(segment, RelatedObjectSegmentValue):
            text = _describe_related(segment)
        else:
            continue
        found.setdefault(segment.path, []).append(_short(text))
    return found


def _describe_related(segment):
    # Every language version shares the key; the oldest one is the source's.
    model = segment.content_type.model_class()
    obj = model._default_manager.filter(translation_key=segment.translation_key).order_by("pk")
    obj = obj.first()
    return str(obj) if obj is not None else _("(deleted)")


def _describe_value(instance, path, data):
    """A readable version of an overridable value (a chosen object is named, not numbered)."""
    model = _chosen_model(instance, path)
    if model is not None and data not in (None, ""):
        obj = model._default_manager.filter(pk=data).first()
        return str(obj) if obj is not None else _("(deleted)")
    return "" if data is None else str(data)


def _chosen_model(instance, path):
    components = path.split(".")
    try:
        field = instance._meta.get_field(components[0])
    except FieldDoesNotExist:
        return None
    if getattr(field, "many_to_one", False) and field.related_model is not None:
        return field.related_model
    if isinstance(field, StreamField):
        block = _block_at(field.value_from_object(instance), components[1:])
        if isinstance(block, blocks.ChooserBlock):
            return block.target_model
    return None


def _block_at(value, components):
    """The block definition at ``components`` inside a stream/struct/list value."""
    block_def = None
    for component in components:
        if isinstance(value, blocks.StructValue):
            block_def = value.block.child_blocks.get(component)
            value = value.get(component)
        elif isinstance(value, ListValue):
            by_id = {child.id: child for child in value.bound_blocks}
            child = by_id.get(component)
            block_def = value.list_block.child_block
            value = child.value if child is not None else None
        elif isinstance(value, blocks.StreamValue):
            child = next((b for b in value if b.id == component), None)
            if child is None:
                return None
            block_def = child.block
            value = child.value
        else:
            break
    return block_def


def describe_path(instance, path):
    """A content path as the editor sees it, e.g. "Body › Quote › Attribution"."""
    components = path.split(".")
    try:
        field = instance._meta.get_field(components[0])
    except FieldDoesNotExist:
        return path
    labels = [capfirst(str(getattr(field, "verbose_name", components[0])))]
    if isinstance(field, StreamField):
        value = field.value_from_object(instance)
        for component in components[1:]:
            if isinstance(value, blocks.StructValue):
                child_def = value.block.child_blocks.get(component)
                if child_def is None:
                    break
                labels.append(capfirst(str(child_def.label)))
                value = value.get(component)
            elif isinstance(value, ListValue):
                by_id = {child.id: child for child in value.bound_blocks}
                child = by_id.get(component)
                if child is None:
                    break
                value = child.value
            elif isinstance(value, blocks.StreamValue):
                child = next((b for b in value if b.id == component), None)
                if child is None:
                    break
                labels.append(capfirst(str(child.block.label)))
                value = child.value
            else:
                break
    return SEPARATOR.join(labels)


def _relations(instance):
    """{field name: set of related primary keys} for the many-to-many fields (e.g. topics)."""
    found = {}
    for field in instance._meta.get_fields():
        if isinstance(field, ParentalManyToManyField):
            found[field.name] = {obj.pk for obj in getattr(instance, field.name).all()}
    return found


def compare(before, after):
    """Changes from ``before`` to ``after`` (two versions of one object).

    Each change: {"path", "label", "kind": "added" | "removed" | "changed",
    "removed": [texts], "added": [texts]}.
    """
    old = _segment_texts(before)
    new = _segment_texts(after)
    changes = []
    for path in list(old) + [p for p in new if p not in old]:
        was, now = old.get(path, []), new.get(path, [])
        if was == now:
            continue
        removed, added = [], []
        matcher = difflib.SequenceMatcher(a=was, b=now, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "delete"):
                removed += was[i1:i2]
            if tag in ("replace", "insert"):
                added += now[j1:j2]
        kind = "changed" if was and now else ("added" if now else "removed")
        changes.append(
            {
                "path": path,
                "label": describe_path(after if path in new else before, path),
                "kind": kind,
                "removed": removed,
                "added": added,
            }
        )
    old_relations, new_relations = _relations(before), _relations(after)
    for name, pks in new_relations.items():
        previous = old_relations.get(name, set())
        if pks == previous:
            continue
        field = after._meta.get_field(name)
        model = field.related_model
        names = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=pks ^ previous)}
        changes.append(
            {
                "path": name,
                "label": capfirst(str(field.verbose_name)),
                "kind": "changed",
                "removed": sorted(names.get(pk, _("(deleted)")) for pk in previous - pks),
                "added": sorted(names.get(pk, _("(deleted)")) for pk in pks - previous),
            }
        )
    return changes[:MAX_CHANGES]


def changes_since_sync(source):
    """Changes of the live source since ``source`` (a TranslationSource) was last synced."""
    try:
        current = source.get_source_instance()
    except ObjectDoesNotExist:
        return []
    return compare(source.as_instance(), current)
