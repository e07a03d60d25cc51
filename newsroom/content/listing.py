"""Section index pages: a paginated list of one page type, filtered by topic and year.

The topic filter reaches the topic model through the listed pages' ``topics`` relation, so
this module does not import the models module that imports it.
"""

from django import forms
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField

from newsroom.core.remembered_urls import RememberedUrls
from newsroom.core.visibility import ViewRestrictionsFromCache

PAGE_SIZE = 10


class ListingFilterForm(forms.Form):
    topic = forms.SlugField(required=False, max_length=120)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)


class SectionIndexMixin(RememberedUrls, ViewRestrictionsFromCache, models.Model):
    """Subclasses name the ``listing_model`` they list and the ``feed_section`` they publish."""

    introduction = models.TextField(_("introduction"), blank=True, max_length=600)

    # Each subclass names its template: Wagtail's page metaclass ignores one set on a mixin.
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    # Both languages' sections share their slug (/en/statements/, /ar/statements/).
    override_translatable_fields = [SynchronizedField("slug", overridable=False)]
    listing_model = None
    feed_section = ""

    class Meta:
        abstract = True

    def get_listing(self):
        return (
            self.listing_model.objects.child_of(self)
            .live()
            .public()
            .select_related("listing_image")
            .prefetch_related("topics")
            .order_by(*self.listing_order())
        )

    def listing_order(self):
        return ("-publication_date", "-pk")

    def listing_date_field(self):
        return "publication_date"

    def topic_model(self):
        return self.listing_model._meta.get_field("topics").related_model

    def topic_choices(self):
        keys = (
            self.get_listing()
            .order_by()
            .values_list("topics__translation_key", flat=True)
            .distinct()
        )
        topics = self.topic_model().objects.filter(
            locale=self.locale, translation_key__in=list(keys)
        )
        return topics.order_by("name")

    def year_choices(self):
        dates = self.get_listing().order_by().dates(self.listing_date_field(), "year", order="DESC")
        return [d.year for d in dates]

    def filter_listing(self, listing, filters):
        topic = None
        if filters.get("topic"):
            topic = (
                self.topic_model().objects.filter(slug=filters["topic"], locale=self.locale).first()
            )
            if topic is None:
                return listing.none(), None
            listing = listing.filter(topics__translation_key=topic.translation_key).distinct()
        if filters.get("year"):
            listing = listing.filter(**{f"{self.listing_date_field()}__year": filters["year"]})
        return listing, topic

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ListingFilterForm(request.GET)
        listing = self.get_listing()
        active_topic = None
        filters_valid = form.is_valid()
        if filters_valid:
            listing, active_topic = self.filter_listing(listing, form.cleaned_data)
        else:
            listing = listing.none()

        paginator = Paginator(listing, PAGE_SIZE)
        try:
            page_number = int(request.GET.get("page", "1"))
            items = paginator.page(page_number)
        except (ValueError, PageNotAnInteger, EmptyPage) as exc:
            if paginator.count == 0 and request.GET.get("page") in (None, "", "1"):
                items = paginator.page(1)
            else:
                raise Http404("No such page of results") from exc

        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "items": items,
                "filter_form": form,
                "filters_valid": filters_valid,
                "filters_active": bool(form.data.get("topic") or form.data.get("year")),
                "active_topic": active_topic,
                "active_year": form.cleaned_data.get("year") if filters_valid else None,
                "topic_choices": self.topic_choices(),
                "year_choices": self.year_choices(),
                "filter_query": query.urlencode(),
            }
        )
        return context
