"""Translatable snippets and the article family of pages (statements, news, reports)."""

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from newsroom.core.i18n import normalise_arabic
from newsroom.core.listing import SectionIndexMixin
from newsroom.core.search_query import index_text

from .blocks import BodyBlock
from .forms import SameLocalePageForm

LATEST_COUNT = 5
RELATED_COUNT = 3


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


class ArticleMixin(models.Model):
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
        max_num=6,
        verbose_name=_("related pages"),
        help_text=_("Chosen first; pages sharing a topic fill the remaining places."),
    )

    base_form_class = SameLocalePageForm
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
        return localized_in(self.topics.all(), self.locale)

    def summary(self):
        return self.subtitle

    def get_related(self):
        chosen = []
        for block in self.related_pages:
            target = block.value
            if target is None:
                continue
            target = target.get_translation_or_none(self.locale) or target
            if target.live and target.pk != self.pk and target not in chosen:
                chosen.append(target.specific)
        if len(chosen) < RELATED_COUNT:
            chosen += list(
                self._pages_sharing_topics(exclude=chosen)[: RELATED_COUNT - len(chosen)]
            )
        return chosen[:RELATED_COUNT]

    def _pages_sharing_topics(self, exclude):
        keys = [topic.translation_key for topic in self.topics.all()]
        if not keys:
            return []
        found = []
        for model in ARTICLE_MODELS:
            found += list(
                model.objects.live()
                .public()
                .filter(locale=self.locale, topics__translation_key__in=keys)
                .exclude(pk__in=[self.pk] + [page.pk for page in exclude])
                .distinct()
                .order_by("-publication_date")[:RELATED_COUNT]
            )
        return sorted(found, key=lambda page: page.publication_date, reverse=True)

    def get_latest(self):
        return latest_articles(self.locale, exclude_pk=self.pk)[:LATEST_COUNT]


def localized_in(objects, locale):
    """Map translatable objects to their versions in ``locale``, keeping the source if missing."""
    objects = list(objects)
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
    items = []
    for model in ARTICLE_MODELS:
        qs = (
            model.objects.live().public().filter(locale=locale).order_by("-publication_date", "-pk")
        )
        if exclude_pk:
            qs = qs.exclude(pk=exclude_pk)
        items += list(qs.select_related("listing_image")[:LATEST_COUNT])
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

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    @cached_property
    def localized_co_signatories(self):
        return localized_in(self.co_signatories.all(), self.locale)

    @cached_property
    def localized_issuer(self):
        if self.issued_by is None:
            return None
        return self.issued_by.get_translation_or_none(self.locale) or self.issued_by


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


class HomePage(Page):
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

    def get_featured(self):
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
        return self.get_children().live().public().specific()

    def get_context(self, request, *args, **kwargs):
        from newsroom.events.models import upcoming_events

        context = super().get_context(request, *args, **kwargs)
        featured = self.get_featured()
        context["featured"] = featured
        context["latest"] = [
            page
            for page in latest_articles(self.locale, exclude_pk=featured.pk if featured else None)
        ][:6]
        context["upcoming_events"] = upcoming_events(self.locale)[:3]
        context["sections"] = self.get_sections()
        return context
