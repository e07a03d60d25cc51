"""Translatable snippets and the article family of pages (statements, news, reports)."""

from collections import Counter
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from newsroom.core import content_version
from newsroom.core.choices import chosen_ids, unsaved_choices, with_chosen_ids
from newsroom.core.i18n import normalise_arabic
from newsroom.core.prepared import PreparedQuery
from newsroom.core.remembered_urls import RememberedUrls
from newsroom.core.search_query import index_text
from newsroom.core.visibility import ViewRestrictionsFromCache

from .blocks import BodyBlock
from .forms import SameLocalePageForm
from .listing import SectionIndexMixin

LATEST_COUNT = 5
RELATED_COUNT = 3
RELATED_MAX_CHOSEN = 6
# What a breadcrumb and a topic link need of an ancestor.
TREE_TOP_FIELDS = (
    "id",
    "path",
    "depth",
    "title",
    "url_path",
    "locale_id",
    "live",
)  # the related_pages field's max_num


@register_snippet
class Topic(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        allow_unicode=False,
        help_text=_("Shared by both languages; used in filter links and feeds."),
    )
    description = models.TextField(_("description"), blank=True)

    override_translatable_fields = [SynchronizedField("slug", overridable=False)]
    panels = [
        TitleFieldPanel("name", targets=["slug"]),
        FieldPanel("slug"),
        FieldPanel("description"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")
        ]

    def __str__(self):
        return self.name


@register_snippet
class Organisation(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("website"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class TitleTerms(index.SearchField):
    """The title's search terms, indexed as part of the title, whose matches rank highest
    (Page's own ``title`` field indexes the title as written, for the admin's search)."""

    def __init__(self):
        super().__init__("title", boost=2)

    def get_value(self, obj):
        return index_text(obj.title, obj.locale.language_code)


class ArticleMixin(RememberedUrls, ViewRestrictionsFromCache, models.Model):
    """Fields and behaviour shared by every dated piece of content (articles and events)."""

    subtitle = models.TextField(
        _("standfirst"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences under the headline; also used as the summary in lists."),
    )
    publication_date = models.DateField(_("publication date"), default=timezone.localdate)
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    topics = ParentalManyToManyField(
        "content.Topic",
        blank=True,
        related_name="%(app_label)s_%(class)s_pages",
        verbose_name=_("topics"),
    )
    related_pages = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Page")))],
        blank=True,
        max_num=RELATED_MAX_CHOSEN,
        verbose_name=_("related pages"),
        help_text=_("Chosen first; pages sharing a topic fill the remaining places."),
    )

    base_form_class = SameLocalePageForm
    # What the page's own template shows, fetched with the page when it is served (HomePage).
    serve_select_related = ("locale", "listing_image")
    # What a card (components/card.html) reads of every dated page, though only an event has
    # a start and can be cancelled: an attribute the template does not find costs a listing
    # of every attribute of the page (Django tells a missing one from a failing property so).
    cancelled = False
    local_start = None
    # A translation keeps its source's slug (/en/statements/x/ and /ar/statements/x/): the
    # slug is not a segment to translate, so a page whose text is translated is complete.
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]

    search_fields = Page.search_fields + [
        TitleTerms(),
        index.SearchField("subtitle"),
        index.SearchField("body"),
        index.SearchField("search_text"),
        index.SearchField("search_terms"),
        index.FilterField("publication_date"),
    ]

    class Meta:
        abstract = True

    @property
    def search_text(self):
        """The text with Arabic spellings folded, for a search as typed (the admin's)."""
        return normalise_arabic(" ".join(part for part in self.search_text_parts() if part))

    @property
    def search_terms(self):
        """The page's words as search terms (``newsroom.search.analysis``): what the site's
        search and the API match."""
        parts = [part for part in self.search_text_parts() if part]
        return index_text(" ".join(parts), self.locale.language_code)

    def search_text_parts(self):
        """Title, standfirst and the text of the body (rich text without its markup)."""
        return [
            self.title,
            self.subtitle,
            *self.body.stream_block.get_searchable_content(self.body),
        ]

    @cached_property
    def localized_topics(self):
        """Topics in the page's own language (a translation may still point at the source)."""
        return localized_choice(self, "topics")

    @cached_property
    def ancestors(self):
        """The breadcrumb's pages, the last of them the section index (topic links): from
        the cached top of the tree for a page right under a section, as articles are."""
        top = content_version.fragment(
            "tree-top",
            [],
            lambda: list(Page.objects.filter(depth__lte=3).only(*TREE_TOP_FIELDS).order_by("path")),
        )
        found = [page for page in top if self.path.startswith(page.path) and page.pk != self.pk]
        if len(found) == self.depth - 1:
            return found
        return list(self.get_ancestors())

    @cached_property
    def section_index(self):
        return self.ancestors[-1] if self.ancestors else None

    def summary(self):
        return self.subtitle

    def get_related(self):
        chosen = self._chosen_related()
        if len(chosen) < RELATED_COUNT:
            excluded = {self.pk, *(page.pk for page in chosen)}
            sharing = [page for page in self._pages_sharing_topics() if page.pk not in excluded]
            chosen += sharing[: RELATED_COUNT - len(chosen)]
        return chosen[:RELATED_COUNT]

    def _chosen_related(self):
        """The editor's choices in this page's language (the choice itself when it has no
        translation), live, without this page: the choices and their translations in one
        query, plus one per page type and one for their images."""
        ids = [item["value"] for item in self.related_pages.raw_data if item.get("value")]
        if not ids:
            return []
        chosen_keys = Page.objects.filter(pk__in=ids).values("translation_key")
        candidates = Page.objects.filter(
            models.Q(locale_id=self.locale_id, translation_key__in=chosen_keys)
            | models.Q(pk__in=ids)
        ).specific()
        by_key = {}
        key_of = {}
        for page in candidates:
            if page.pk in ids:
                key_of[page.pk] = page.translation_key
            if page.translation_key not in by_key or page.locale_id == self.locale_id:
                by_key[page.translation_key] = page
        chosen = []
        for pk in ids:
            page = by_key.get(key_of.get(pk))
            if page is not None and page.live and page.pk != self.pk and page not in chosen:
                chosen.append(page)
        prefetch_related_objects(
            [page for page in chosen if hasattr(page, "listing_image_id")], "listing_image"
        )
        return chosen

    def _pages_sharing_topics(self):
        """The newest pages sharing a topic with this one, enough to leave RELATED_COUNT
        after taking out this page and the chosen ones; pages with the same topics share
        the list (content_version.fragment)."""
        keys = sorted({str(topic.translation_key) for topic in self.localized_topics})
        if not keys:
            return []
        return content_version.fragment(
            "sharing-topics", [self.locale_id, *keys], lambda: pages_sharing_topics(self, keys)
        )

    def get_latest(self):
        return latest_articles(self.locale, exclude_pk=self.pk)[:LATEST_COUNT]


def pages_sharing_topics(page, keys):
    wanted = RELATED_COUNT + RELATED_MAX_CHOSEN + 1  # room for the page and its chosen ones
    found = []
    for model in ARTICLE_MODELS:
        found += list(
            model.objects.live()
            .public()
            .filter(locale_id=page.locale_id, topics__translation_key__in=keys)
            .select_related("listing_image")
            .distinct()
            .order_by("-publication_date", "-pk")[:wanted]
        )
    found.sort(key=lambda item: (item.publication_date, item.pk), reverse=True)
    return found[:wanted]


def localized_choice(page, field_name):
    """The objects ``page`` chose in its many-to-many ``field_name`` (topics, organisers), in
    the page's language, keeping the source where a translation is missing.

    A saved page's choices are read with its other choices (``chosen_ids``: one query); their
    versions are kept in the fragment cache for that choice (saving a topic or an organisation
    moves the content version), or found in one query, in the model's order. A preview's
    unsaved choices are looked up every time."""
    unsaved = unsaved_choices(page, field_name)
    if unsaved is not None:
        return localized_in(unsaved, page.locale)
    chosen = chosen_ids(page, field_name) if page.pk else []
    if not chosen:
        return []
    model = page._meta.get_field(field_name).related_model
    return content_version.fragment(
        "localized-in",
        [model._meta.label, page.locale_id, *chosen],
        lambda: _localized_ids(model, chosen, page.locale),
    )


def _localized_ids(model, chosen, locale):
    sources = model.objects.filter(pk__in=chosen)
    rows = model.objects.filter(
        models.Q(pk__in=chosen)
        | models.Q(locale=locale, translation_key__in=sources.values("translation_key"))
    )
    by_key = {}
    for row in rows:
        if row.translation_key not in by_key or row.locale_id == locale.pk:
            by_key[row.translation_key] = row
    return list(by_key.values())


def localized_in(objects, locale):
    """Map translatable objects to their versions in ``locale``, keeping the source if missing."""
    keys = [obj.translation_key for obj in objects]
    if not objects:
        return []
    model = type(objects[0])
    translated = {
        obj.translation_key: obj
        for obj in model.objects.filter(translation_key__in=keys, locale=locale)
    }
    return [translated.get(obj.translation_key, obj) for obj in objects]


def latest_articles(locale, exclude_pk=None):
    """The newest live articles in ``locale``, newest first, without ``exclude_pk``: up to
    LATEST_COUNT of each type, as many as the lists that show them take."""
    items = content_version.fragment("latest", [locale.pk], lambda: _newest_articles(locale))
    taken = Counter()
    kept = []
    for page in items:
        if page.pk != exclude_pk and taken[type(page)] < LATEST_COUNT:
            taken[type(page)] += 1
            kept.append(page)
    return kept


def _newest_articles(locale):
    items = []
    for model in ARTICLE_MODELS:
        qs = (
            model.objects.live().public().filter(locale=locale).order_by("-publication_date", "-pk")
        )
        # One more than shown, so that leaving out the page being read still leaves enough.
        items += list(qs.select_related("listing_image")[: LATEST_COUNT + 1])
    return sorted(items, key=lambda page: (page.publication_date, page.pk), reverse=True)


class DocumentMixin(models.Model):
    full_document = models.ForeignKey(
        "core.NewsroomDocument",
        verbose_name=_("full text (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The complete, signed text as a PDF, in this page's language if possible."),
    )

    class Meta:
        abstract = True


ARTICLE_PANELS = [
    TitleFieldPanel("title", heading=_("Headline")),
    FieldPanel("subtitle"),
    FieldPanel("publication_date"),
    FieldPanel("listing_image"),
    FieldPanel("body"),
]


class StatementPage(ArticleMixin, DocumentMixin, Page):
    dateline_place = models.CharField(
        _("dateline place"), max_length=80, blank=True, help_text=_("e.g. Paris")
    )
    issued_by = models.ForeignKey(
        "content.Organisation",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    co_signatories = ParentalManyToManyField(
        "content.Organisation",
        blank=True,
        related_name="joint_statements",
        verbose_name=_("co-signatories"),
        help_text=_("For joint statements: the other organisations that signed."),
    )

    content_panels = ARTICLE_PANELS + [
        MultiFieldPanel(
            [FieldPanel("dateline_place"), FieldPanel("issued_by"), FieldPanel("co_signatories")],
            heading=_("Dateline and signatories"),
        ),
        FieldPanel("full_document"),
        FieldPanel("topics"),
        FieldPanel("related_pages"),
    ]
    parent_page_types = ["content.StatementIndexPage"]
    subpage_types = []
    schema_type = "NewsArticle"
    serve_select_related = (*ArticleMixin.serve_select_related, "full_document")

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    @cached_property
    def localized_co_signatories(self):
        return self._localized_organisations[1]

    @cached_property
    def localized_issuer(self):
        return self._localized_organisations[0]

    @cached_property
    def _localized_organisations(self):
        """(issuer, co-signatories) in the page's language (each one as chosen when it has
        no translation), with their logos. A saved page reads which it chose (with its other
        choices, ``chosen_ids``; none for the issuer) and finds them in the fragment cache:
        saving an organisation or an image moves the content version."""
        signatories = unsaved_choices(self, "co_signatories")
        if signatories is not None:  # a preview's
            issuer = None
            if self.issued_by_id is not None:
                issuer = localized_in([self.issued_by], self.locale)[0]
            return issuer, localized_in(signatories, self.locale)
        chosen = chosen_ids(self, "co_signatories") if self.pk else []
        if self.issued_by_id is None and not chosen:
            return None, []
        return content_version.fragment(
            "signatories",
            [self.locale_id, self.issued_by_id, *chosen],
            lambda: self._find_organisations(chosen),
        )

    def _find_organisations(self, chosen):
        same_key = {"translation_key": models.OuterRef("translation_key")}
        rows = (
            Organisation.objects.annotate(
                is_issuer=models.Exists(
                    Organisation.objects.filter(pk=self.issued_by_id or 0, **same_key)
                ),
                is_signatory=models.Exists(Organisation.objects.filter(pk__in=chosen, **same_key)),
            )
            .filter(models.Q(is_issuer=True) | models.Q(is_signatory=True))
            .filter(
                models.Q(locale_id=self.locale_id)
                | models.Q(pk=self.issued_by_id or 0)
                | models.Q(pk__in=chosen)
            )
            .select_related("logo")
        )
        by_key = {}
        for row in rows:
            if row.translation_key not in by_key or row.locale_id == self.locale_id:
                by_key[row.translation_key] = row
        issuer = next((row for row in by_key.values() if row.is_issuer), None)
        return issuer, [row for row in by_key.values() if row.is_signatory]


class NewsPage(ArticleMixin, Page):
    content_panels = ARTICLE_PANELS + [FieldPanel("topics"), FieldPanel("related_pages")]
    parent_page_types = ["content.NewsIndexPage"]
    subpage_types = []
    schema_type = "NewsArticle"

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class ReportPage(ArticleMixin, DocumentMixin, Page):
    key_findings = RichTextField(
        _("key findings"), blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )

    content_panels = ARTICLE_PANELS + [
        FieldPanel("key_findings"),
        FieldPanel("full_document"),
        FieldPanel("topics"),
        FieldPanel("related_pages"),
    ]
    parent_page_types = ["content.ReportIndexPage"]
    subpage_types = []
    schema_type = "Report"
    serve_select_related = (*ArticleMixin.serve_select_related, "full_document")

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")


ARTICLE_MODELS = [StatementPage, NewsPage, ReportPage]


class StatementIndexPage(SectionIndexMixin, Page):
    template = "content/section_index_page.html"
    listing_model = StatementPage
    feed_section = "statements"
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.StatementPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("statements index")


class NewsIndexPage(SectionIndexMixin, Page):
    template = "content/section_index_page.html"
    listing_model = NewsPage
    feed_section = "news"
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")


class ReportIndexPage(SectionIndexMixin, Page):
    template = "content/section_index_page.html"
    listing_model = ReportPage
    feed_section = "reports"
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ReportPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("reports index")


@cache
def _serving_query(model):
    """The query that reads a page of ``model`` to serve it (by slug and path), with the rows
    its template shows (``serve_select_related``) and what it chose in its many-to-many fields
    (``with_chosen_ids``), compiled once (newsroom.core.prepared)."""
    related = getattr(model, "serve_select_related", ("locale",))
    return PreparedQuery(
        lambda slug, url_path: with_chosen_ids(
            model.objects.select_related(*related)
            .filter(slug=slug, url_path=url_path)
            .order_by("pk")
        ),
        arity=2,
    )


class HomePage(RememberedUrls, ViewRestrictionsFromCache, Page):
    introduction = models.TextField(_("introduction"), blank=True, max_length=500)
    featured_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("featured page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown large at the top; the latest statement when empty."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("featured_page")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content.StatementIndexPage",
        "content.NewsIndexPage",
        "content.ReportIndexPage",
        "events.EventIndexPage",
    ]
    max_count_per_parent = 2

    class Meta:
        verbose_name = _("home page")

    @property
    def localized(self):
        """Wagtail routes every request for a page through the site's root page in the active
        language (``site.root_page.localized.specific``): two queries a request, kept here
        under the content version, which every publish of a home page moves."""
        return content_version.fragment(
            "localized-home",
            [self.pk, get_language()],
            lambda: content_version.with_locale(super(HomePage, self).localized.specific),
        )

    def route(self, request, path_components):
        """The page at the end of the path in one query (on the indexed slug) where the
        sections allow one page type per level (a statement under Statements, an invitation
        under an event), two otherwise, instead of two per level; a path that names no page
        (a sub-route, a typo) takes Wagtail's walk."""
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            model = self._only_type_at(path_components)
            found = self._page_of_type(model, url_path)
            if found is None and model is not Page:
                found = self._page_of_type(Page, url_path)
            if found is not None:
                return found.route(request, [])
        return super().route(request, path_components)

    def _only_type_at(self, path_components):
        """The page type at the end of the path when the section it starts with and every
        level under it allow one type only (``subpage_types``); else Page."""
        section = next((s for s in self.get_sections() if s.slug == path_components[0]), None)
        if section is None:
            return Page
        model = type(section)
        for _level in path_components[1:]:
            allowed = model.allowed_subpage_models()
            if len(allowed) != 1:
                return Page
            model = allowed[0]
        return model

    @staticmethod
    def _page_of_type(model, url_path):
        """The page of ``model`` at ``url_path``, of its own type, with what serving it shows.
        ``Page`` first asks for the type (one narrow query), then reads the page."""
        slug = url_path.rstrip("/").rsplit("/", 1)[-1]
        if model is Page:
            found = (
                Page.objects.filter(slug=slug, url_path=url_path)
                .values_list("content_type_id", flat=True)
                .first()
            )
            if found is None:
                return None
            model = ContentType.objects.get_for_id(found).model_class()
        return _serving_query(model).first(slug, url_path)

    def get_featured(self):
        return content_version.fragment("featured", [self.pk], self._find_featured)

    def _find_featured(self):
        if self.featured_page_id:
            target = self.featured_page.get_translation_or_none(self.locale)
            if target and target.live:
                return target.specific
        return (
            StatementPage.objects.live()
            .public()
            .filter(locale=self.locale)
            .order_by("-publication_date", "-pk")
            .first()
        )

    def get_sections(self):
        return content_version.fragment(
            "sections", [self.pk], lambda: list(self.get_children().live().public().specific())
        )

    def get_context(self, request, *args, **kwargs):
        # The "Upcoming events" box comes from events' own template tag (event_tags).
        context = super().get_context(request, *args, **kwargs)
        # A preview shows the draft's choice, not the published one the cache holds.
        featured = (
            self._find_featured() if getattr(request, "is_preview", False) else self.get_featured()
        )
        context["featured"] = featured
        context["latest"] = [
            page
            for page in latest_articles(self.locale, exclude_pk=featured.pk if featured else None)
        ][:6]
        context["sections"] = self.get_sections()
        return context
