"""Translation status of every page pair, in a fixed handful of queries.

A *pair* is a page in its source language and its version in another language (or the lack
of one). Which side is the source comes from wagtail-localize: the locale of the page's
TranslationSource. A page translated by other means (a copy, or before wagtail-localize
managed it) counts the default-language page as the source.

The status of a pair, most urgent first:

- ``missing``: no translation (or only an alias of the source, which shows its text);
- ``outdated``: the source was published after the translation was last synced with it
  (for a translation not synced by wagtail-localize: after the translation was published);
- ``in_review``: the translation waits for a reviewer;
- ``draft``: the translation exists but is not live;
- ``pending``: the translation is live but has unpublished changes or untranslated segments
  (a translation carried over from a changed source segment counts as untranslated until its
  translator has reviewed it, see ``carry_over``; a segment translated after the translation
  was last published is an unpublished change too);
- ``in_sync``: live, complete and up to date.

Everything is read with ``values()`` queries over the whole tree (pages, sources,
translations, segment counts, workflow states); nothing is fetched per page.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, WorkflowState

from newsroom.core.i18n import is_rtl

from . import status_queries

MISSING = "missing"
OUTDATED = "outdated"
IN_REVIEW = "in_review"
DRAFT = "draft"
PENDING = "pending"
IN_SYNC = "in_sync"

STATUSES = [
    (MISSING, _("Missing")),
    (OUTDATED, _("Outdated")),
    (IN_REVIEW, _("In review")),
    (DRAFT, _("Not live")),
    (PENDING, _("Unpublished changes")),
    (IN_SYNC, _("In sync")),
]
STATUS_LABELS = dict(STATUSES)
# What an editor or translator has to act on (a page in review waits for the reviewer).
NEEDS_ATTENTION = {MISSING, OUTDATED, DRAFT, PENDING}
ATTENTION = "attention"

SECTION_DEPTH = 3  # root (1) → home of a language (2) → section index (3)
PAGE_FIELDS = [
    "id",
    "title",
    "locale_id",
    "translation_key",
    "path",
    "depth",
    "live",
    "has_unpublished_changes",
    "last_published_at",
    "alias_of_id",
    "content_type_id",
]


def language_name(code):
    """The language's name in the interface language ("Arabic", or "العربية" in Arabic)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return dict(settings.LANGUAGES).get(code, code)


@dataclass(frozen=True)
class PageRef:
    """The few fields of a page the status needs (a row of a values() query)."""

    id: int
    title: str
    locale_id: int
    translation_key: object
    path: str
    depth: int
    live: bool
    has_unpublished_changes: bool
    last_published_at: datetime | None
    alias_of_id: int | None
    content_type_id: int

    @property
    def is_alias(self):
        return self.alias_of_id is not None

    @property
    def content_type(self):
        return ContentType.objects.get_for_id(self.content_type_id)  # cached by Django

    @property
    def type_name(self):
        model = self.content_type.model_class()
        return model._meta.verbose_name if model else ""

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.id])


@dataclass(frozen=True)
class Section:
    key: object  # translation key shared by the section's pages in every language
    titles: tuple  # ((language code, title), …), the default language's first

    @property
    def title(self):
        """The section's title in the interface language ("News", or "الأخبار" in Arabic)."""
        titles = dict(self.titles)
        return titles.get((get_language() or "").split("-")[0], self.titles[0][1])


@dataclass
class Pair:
    source: PageRef
    target: PageRef | None
    source_locale: Locale
    target_locale: Locale
    section: Section | None = None
    translation_source_id: int | None = None
    translation_id: int | None = None
    translation_enabled: bool = False
    last_synced_at: datetime | None = None
    segments_total: int = 0
    segments_translated: int = 0
    segments_to_review: int = 0
    last_translated_at: datetime | None = None
    workflow_status: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def key(self):
        return self.source.translation_key

    @property
    def exists(self):
        return self.target is not None and not self.target.is_alias

    @property
    def is_live(self):
        return self.exists and self.target.live

    @property
    def is_managed(self):
        """Synced by wagtail-localize (so the translation editor and syncing apply)."""
        return self.exists and self.translation_id is not None and self.translation_enabled

    @property
    def is_outdated(self):
        if not self.exists or self.source.last_published_at is None:
            return False
        if self.is_managed:
            synced = self.last_synced_at
            return synced is None or self.source.last_published_at > synced
        published = self.target.last_published_at
        return published is not None and self.source.last_published_at > published

    @property
    def outdated_since(self):
        return self.source.last_published_at if self.is_outdated else None

    @property
    def untranslated(self):
        return max(0, self.segments_total - self.segments_translated) if self.is_managed else 0

    @property
    def to_review(self):
        """Untranslated segments that hold a carried-over translation to review."""
        return min(self.segments_to_review, self.untranslated)

    @property
    def translated_since(self):
        """A segment was translated after the translation was last published."""
        published = self.target.last_published_at if self.exists else None
        last = self.last_translated_at
        return self.is_managed and last is not None and (published is None or last > published)

    @property
    def in_review(self):
        return self.workflow_status in (WorkflowState.STATUS_IN_PROGRESS,)

    @cached_property
    def status(self):
        if not self.exists:
            return MISSING
        if self.is_outdated:
            return OUTDATED
        if self.in_review:
            return IN_REVIEW
        if not self.target.live:
            return DRAFT
        if self.target.has_unpublished_changes or self.untranslated or self.translated_since:
            return PENDING
        return IN_SYNC

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def needs_attention(self):
        return self.status in NEEDS_ATTENTION

    @property
    def is_up_to_date(self):
        return self.exists and not self.is_outdated

    @property
    def target_language(self):
        return self.target_locale.language_code

    @property
    def target_language_name(self):
        return language_name(self.target_locale.language_code)

    @property
    def source_language_name(self):
        return language_name(self.source_locale.language_code)

    @property
    def target_is_rtl(self):
        return is_rtl(self.target_locale.language_code)

    @property
    def translate_url(self):
        """wagtail-localize's "Translate this page" form, with the language chosen."""
        return (
            reverse("wagtail_localize:submit_page_translation", args=[self.source.id])
            + f"?select_locale={self.target_locale.language_code}"
        )

    @property
    def detail_url(self):
        return reverse("editorial:page", args=[self.source.id])


@dataclass
class Report:
    pairs: list
    sections: list
    locales: list

    def filter(self, section=None, language=None, status=None):
        pairs = self.pairs
        if section:
            pairs = [p for p in pairs if p.section and str(p.section.key) == str(section)]
        if language:
            pairs = [p for p in pairs if p.target_locale.language_code == language]
        if status == ATTENTION:
            pairs = [p for p in pairs if p.needs_attention]
        elif status:
            pairs = [p for p in pairs if p.status == status]
        return pairs

    def summary(self):
        """{language code: {status: count}} over every pair."""
        counts = {
            locale.language_code: dict.fromkeys(STATUS_LABELS, 0)
            for locale in self.locales
            if any(p.target_locale.pk == locale.pk for p in self.pairs)
        }
        for pair in self.pairs:
            counts[pair.target_locale.language_code][pair.status] += 1
        return counts


def _pick_source(group, sources, default_locale_id):
    """(source page, TranslationSource row or None) for a group of pages sharing a key."""
    real = [page for page in group if not page.is_alias]
    if not real:
        return None, None
    by_locale = {page.locale_id: page for page in real}
    candidates = [s for s in sources if s["locale_id"] in by_locale]
    if candidates:
        # Prefer the source that has translations; then the oldest.
        candidates.sort(key=lambda s: (not s["has_translations"], s["id"]))
        chosen = candidates[0]
        return by_locale[chosen["locale_id"]], chosen
    if default_locale_id in by_locale:
        return by_locale[default_locale_id], None
    return min(real, key=lambda page: page.id), None


class _SectionFinder:
    """The section of each page (its ancestor at ``SECTION_DEPTH``), titled in every
    language; one ``Section`` per section, shared by all its pairs."""

    def __init__(self, pages, locales_by_id, default_language):
        self.by_path = {page.path: page for page in pages}
        self.default_language = default_language
        self.titles = defaultdict(dict)  # translation key → {language code: title}
        for page in pages:
            if page.depth == SECTION_DEPTH and not page.is_alias:
                language = locales_by_id[page.locale_id].language_code
                self.titles[page.translation_key][language] = page.title
        self.found = {}  # translation key → Section, for the sections pairs are in

    def _titles_of(self, key, fallback):
        titles = self.titles.get(key) or {self.default_language: fallback}
        return tuple(sorted(titles.items(), key=lambda item: item[0] != self.default_language))

    def section_of(self, page):
        if page.depth < SECTION_DEPTH:
            return None
        index = self.by_path.get(page.path[: SECTION_DEPTH * Page.steplen])
        if index is None:
            return None
        key = index.translation_key
        if key not in self.found:
            self.found[key] = Section(key=key, titles=self._titles_of(key, index.title))
        return self.found[key]

    def listed(self):
        """Every section of the tree by title, offered as a filter even when its pairs are
        all gone."""
        unused = [
            Section(key=key, titles=self._titles_of(key, ""))
            for key in self.titles
            if key not in self.found
        ]
        return sorted([*self.found.values(), *unused], key=lambda section: str(section.title))


@dataclass
class _Facts:
    """Everything a report is built from, read before any pair is made."""

    locales: list
    locales_by_id: dict
    default_locale_id: int | None
    sources: dict  # translation key → TranslationSource rows
    translations: dict  # source id → {target locale id: (translation id, enabled)}
    segments: status_queries.SegmentCounts
    workflow: dict  # page id → status of its active workflow
    sections: _SectionFinder


def _load_facts(key_filter, pages, locales):
    locales_by_id = {locale.pk: locale for locale in locales}
    default_locale_id = next(
        (locale.pk for locale in locales if locale.language_code == settings.LANGUAGE_CODE),
        locales[0].pk if locales else None,
    )
    default_language = locales_by_id[default_locale_id].language_code if locales else None
    sources, translations = status_queries.translation_sources(key_filter)
    return _Facts(
        locales=locales,
        locales_by_id=locales_by_id,
        default_locale_id=default_locale_id,
        sources=sources,
        translations=translations,
        segments=status_queries.segment_counts(key_filter, locales),
        workflow=status_queries.workflow_states(),
        sections=_SectionFinder(pages, locales_by_id, default_language),
    )


def _pair(source, source_row, target, locale, facts):
    pair = Pair(
        source=source,
        target=target,
        source_locale=facts.locales_by_id[source.locale_id],
        target_locale=locale,
        section=facts.sections.section_of(source),
    )
    if source_row is not None:
        segments = facts.segments
        pair.translation_source_id = source_row["id"]
        pair.last_synced_at = source_row["last_updated_at"]
        translation = facts.translations.get(source_row["id"], {}).get(locale.pk)
        if translation:
            pair.translation_id, pair.translation_enabled = translation
        pair.segments_total = segments.totals.get(source_row["id"], 0)
        pair.segments_translated = segments.translated.get((source_row["id"], locale.pk), 0)
        pair.segments_to_review = segments.to_review.get((source_row["id"], locale.pk), 0)
        pair.last_translated_at = segments.last_translated.get((source.translation_key, locale.pk))
    if target is not None:
        pair.workflow_status = facts.workflow.get(str(target.id))
    return pair


def _pairs_of(key, group, facts, live_only):
    """The pairs of the pages sharing translation key ``key``: the source against each other
    language."""
    source, source_row = _pick_source(group, facts.sources.get(key, []), facts.default_locale_id)
    if source is None:
        return []
    others = {page.locale_id: page for page in group if page.locale_id != source.locale_id}
    pairs = []
    for locale in facts.locales:
        if locale.pk == source.locale_id:
            continue
        target = others.get(locale.pk)
        live = source.live or (target and target.live and not target.is_alias)
        if live_only and not live:
            continue
        pairs.append(_pair(source, source_row, target, locale, facts))
    return pairs


def build_report(translation_keys=None, live_only=True):
    """Every pair with at least one live page (or only those of ``translation_keys``)."""
    locales = list(Locale.objects.order_by("pk"))
    pages_qs = Page.objects.filter(depth__gt=1)
    if translation_keys is not None:
        pages_qs = pages_qs.filter(translation_key__in=list(translation_keys))
    pages = [PageRef(**row) for row in pages_qs.order_by("path").values(*PAGE_FIELDS)]
    facts = _load_facts(pages_qs.values("translation_key"), pages, locales)
    groups = defaultdict(list)
    for page in pages:
        groups[page.translation_key].append(page)
    pairs = [
        pair for key, group in groups.items() for pair in _pairs_of(key, group, facts, live_only)
    ]
    pairs.sort(key=lambda pair: (pair.source.path, pair.target_locale.pk))
    # Listed once the pairs are made: a section that has pairs is listed with its own title.
    return Report(pairs=pairs, sections=facts.sections.listed(), locales=locales)


def pairs_for_page(page):
    """The pairs of one page (as source or as translation)."""
    return build_report(translation_keys=[page.translation_key], live_only=False).pairs
