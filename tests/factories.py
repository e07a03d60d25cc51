"""Factories for pages and snippets, and a small bilingual tree to test against."""

import datetime
from dataclasses import dataclass, field

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Locale, Site

from newsroom.content.models import (
    HomePage,
    NewsIndexPage,
    NewsPage,
    Organisation,
    ReportIndexPage,
    StatementIndexPage,
    StatementPage,
    Topic,
)
from newsroom.core.tree import ensure_wagtail_roots
from newsroom.events.models import EventIndexPage, EventPage


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Topic


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Organisation


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"

    class Meta:
        model = HomePage


class StatementIndexPageFactory(wagtail_factories.PageFactory):
    title = "Statements"

    class Meta:
        model = StatementIndexPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"

    class Meta:
        model = NewsIndexPage


class ReportIndexPageFactory(wagtail_factories.PageFactory):
    title = "Reports"

    class Meta:
        model = ReportIndexPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Events"

    class Meta:
        model = EventIndexPage


class StatementPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Statement number {n}")
    subtitle = "A standfirst that sums the statement up."
    dateline_place = "Geneva"
    publication_date = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = StatementPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"News item {n}")
    subtitle = "What happened, in one sentence."
    publication_date = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = NewsPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Event {n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    time_zone = "Europe/Zurich"
    venue_name = "Palais des Nations, Room XXIII"

    class Meta:
        model = EventPage


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translate(page, locale, **fields):
    """Create and publish the ``locale`` version of ``page`` (parents must exist already)."""
    translated = page.copy_for_translation(locale, copy_parents=False, alias=False)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)


@dataclass
class BilingualTree:
    en: Locale
    ar: Locale
    home_en: HomePage
    home_ar: HomePage
    statements_en: StatementIndexPage
    statements_ar: StatementIndexPage
    news_en: NewsIndexPage
    news_ar: NewsIndexPage
    events_en: EventIndexPage
    events_ar: EventIndexPage
    pages: dict = field(default_factory=dict)


def build_bilingual_tree():
    """Home and section indexes in English and Arabic, served by the default site."""
    en, root, _collection = ensure_wagtail_roots()
    ar, _ = Locale.objects.get_or_create(language_code="ar")
    Site.objects.all().delete()
    for child in root.get_children():
        child.delete()
    home_en = HomePageFactory(parent=root, title="Home", slug="home", locale=en)
    Site.objects.create(
        hostname="localhost", port=80, root_page=home_en, is_default_site=True, site_name="Newsroom"
    )
    home_ar = translate(home_en, ar, title="الرئيسية")
    sections = {}
    for name, factory_class, title_ar in [
        ("statements", StatementIndexPageFactory, "البيانات"),
        ("news", NewsIndexPageFactory, "الأخبار"),
        ("events", EventIndexPageFactory, "الفعاليات"),
    ]:
        page_en = factory_class(parent=home_en, locale=en)
        sections[name] = (page_en, translate(page_en, ar, title=title_ar))
    return BilingualTree(
        en=en,
        ar=ar,
        home_en=home_en,
        home_ar=home_ar,
        statements_en=sections["statements"][0],
        statements_ar=sections["statements"][1],
        news_en=sections["news"][0],
        news_ar=sections["news"][1],
        events_en=sections["events"][0],
        events_ar=sections["events"][1],
    )
