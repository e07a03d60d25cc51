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
from newsroom.core.models import OrganisationProfile
from newsroom.core.tree import ensure_wagtail_roots
from newsroom.events.models import EventIndexPage, EventPage, InvitationPage
from newsroom.registrations.models import SignUpSettings


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


class InvitationPageFactory(wagtail_factories.PageFactory):
    """Give ``parent``: an invitation lives under its event, in the event's language."""

    title = factory.Sequence(lambda n: f"Invitation {n}")
    invitation_text = "<p>We would be glad to welcome you.</p>"

    class Meta:
        model = InvitationPage


def taking_sign_ups(**fields):
    """The ``sign_up_settings`` of an event page that takes sign-ups (more fields: ``fields``)."""
    return [SignUpSettings(enabled=True, **fields)]


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


def bulk_pages(parent, model, count, *, locale, translation_keys=None, topics=(), **fields):
    """``count`` live ``model`` pages under ``parent``, in a handful of queries.

    For tests and benchmarks that need volume rather than history: no revisions, no search
    index entries, no signals. Passing the ``translation_keys`` of pages built the same way in
    another language makes these their translations. Returns the pages, oldest first.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection
    from django.db.models import F, Max
    from wagtail.models import Page

    from newsroom.core import content_version

    parent.refresh_from_db()
    last = parent.get_last_child()
    first_step = last._get_lastpos_in_path() + 1 if last else 1
    next_id = (Page.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    content_type = ContentType.objects.get_for_model(model)
    keys = list(translation_keys) if translation_keys is not None else None
    now = timezone.now()
    pages = []
    for index in range(count):
        slug = f"{model._meta.model_name}-{next_id + index}"
        published = now - datetime.timedelta(minutes=count - index)
        title = fields.get("title") or f"{model._meta.verbose_name} {next_id + index}"
        page = model(
            **{
                "subtitle": f"Standfirst of {slug}.",
                "publication_date": published.date(),
                **fields,
                "id": next_id + index,
                "page_ptr_id": next_id + index,
                "title": title,
                "draft_title": title,
                "slug": slug,
                "locale": locale,
                "content_type": content_type,
                "live": True,
                "path": Page._get_path(parent.path, parent.depth + 1, first_step + index),
                "depth": parent.depth + 1,
                "numchild": 0,
                "url_path": f"{parent.url_path}{slug}/",
                "first_published_at": published,
                "last_published_at": published,
            }
        )
        if keys is not None:
            page.translation_key = keys[index]
        pages.append(page)
    # Django's bulk_create refuses multi-table models; insert each table's rows directly, as
    # Model.save_base(raw=True) would one by one.
    for table_model in (Page, model):
        for start in range(0, count, 500):  # within SQLite's limit on query parameters
            table_model._base_manager._insert(
                pages[start : start + 500], fields=table_model._meta.local_concrete_fields, raw=True
            )
    with connection.cursor() as cursor:  # explicit ids: move PostgreSQL's sequence past them
        for statement in connection.ops.sequence_reset_sql(no_style(), [Page]):
            cursor.execute(statement)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    if topics:
        through = model.topics.through
        source = model._meta.get_field("topics").m2m_field_name()
        through.objects.bulk_create(
            through(**{f"{source}_id": page.pk, "topic_id": topic.pk})
            for page in pages
            for topic in topics
        )
    # The pages are live as if published, without the signal that says so.
    content_version.bump()
    return pages


# --- Editorial workflow (tests/editorial): translations made through wagtail-localize.


def localize(page, locale, strings=None, publish=True, user=None):
    """Translate ``page`` into ``locale`` the way the translation editor does.

    Every string segment gets a translation (from ``strings``, keyed by the source string,
    else an Arabic-looking stand-in), then wagtail-localize writes the target page. The
    translation is synced: a TranslationSource and an enabled Translation exist.
    """
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    strings = strings or {}
    source, _ = TranslationSource.get_or_create_from_instance(page.specific)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": strings.get(segment.string.data, f"ترجمة: {segment.string.data}"),
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    translation.save_target(user=user, publish=False)
    target = page.get_translation(locale).specific
    if publish:
        target.get_latest_revision().publish(user=user)
        target = type(target).objects.get(pk=target.pk)
    return target


def build_statement_tree(tree, count, prefix="statement", **fields):
    """``count`` live English statements under the tree's statements index, quickly."""
    return [
        StatementPageFactory(
            parent=tree.statements_en,
            locale=tree.en,
            title=f"{prefix.capitalize()} {number}",
            slug=f"{prefix}-{number}",
            **fields,
        )
        for number in range(count)
    ]


def make_subscriber(email, language="en", frequency="weekly", topics=(), confirmed=True, **fields):
    """A newsletter subscriber; confirmed (consent two days ago) unless ``confirmed=False``."""
    from newsletter.models import Subscriber

    if confirmed:
        fields.setdefault("status", Subscriber.Status.CONFIRMED)
        fields.setdefault("consent_at", timezone.now() - datetime.timedelta(days=2))
    subscriber = Subscriber.objects.create(
        email=email, language=language, frequency=frequency, **fields
    )
    if topics:
        subscriber.topics.set(topics)
    return subscriber


def organisation_profile(tree, name="Rights Watch", arabic_name="مرصد الحقوق", **fields):
    """The site's organisation profile in English and its Arabic translation: (en, ar)."""
    english = OrganisationProfile.objects.create(locale=tree.en, name=name, **fields)
    arabic = english.copy_for_translation(tree.ar)
    arabic.name = arabic_name
    arabic.save()
    return english, arabic
