"""Uncached statement, event and home pages take a bounded number of SQL queries, the same
with a handful of pages as with many, in both languages; the shared boxes they take from the
fragment cache (newsroom.core.content_version) show a change at once."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from newsroom.content.models import HomePage, StatementPage
from newsroom.core import content_version
from newsroom.events.models import EventPage
from tests.factories import (
    EventPageFactory,
    OrganisationFactory,
    StatementPageFactory,
    TopicFactory,
    bulk_pages,
    publish,
    translate,
)
from tests.support.services import require

pytestmark = pytest.mark.django_db

MAX_QUERIES = 12


@pytest.fixture
def site(tree):
    """A statement and an event with everything their pages show (topics, an issuer and
    co-signatories, an editor's choice of related page), each with its translation."""
    topic = TopicFactory(slug="detention", name="Detention", locale=tree.en)
    topic_ar = topic.copy_for_translation(tree.ar)
    topic_ar.name = "الاحتجاز"
    topic_ar.save()
    issuer = OrganisationFactory(name="Rights Alliance", locale=tree.en)
    cosigner = OrganisationFactory(name="Press Watch", locale=tree.en)
    for organisation in (issuer, cosigner):
        translation = organisation.copy_for_translation(tree.ar)
        translation.name = f"ع {organisation.name}"
        translation.save()
    chosen = StatementPageFactory(parent=tree.statements_en, title="Chosen", locale=tree.en)
    translate(chosen, tree.ar, title="مختار")
    statement = StatementPageFactory(
        parent=tree.statements_en,
        title="Release the detained journalists",
        locale=tree.en,
        issued_by=issuer,
        dateline_place="Geneva",
    )
    statement.topics.add(topic)
    statement.co_signatories.add(cosigner)
    statement.related_pages = [("page", chosen)]
    publish(statement)
    statement_ar = translate(statement, tree.ar, title="أطلقوا سراح الصحفيين")
    start = timezone.now() + datetime.timedelta(days=5)
    event = EventPageFactory(parent=tree.events_en, title="Side event", locale=tree.en, start=start)
    event.topics.add(topic)
    event.organisers.add(issuer)
    publish(event)
    event_ar = translate(event, tree.ar, title="فعالية جانبية")
    return {
        "topics": (topic, topic_ar),
        "urls": {
            "home en": "/en/",
            "home ar": "/ar/",
            "statement en": statement.url,
            "statement ar": statement_ar.url,
            "event en": event.url,
            "event ar": event_ar.url,
        },
    }


def grow(tree, topics, count):
    """``count`` statements and events in each language, on the site's topic."""
    start = timezone.now() + datetime.timedelta(days=3)
    for model, parents, fields in [
        (StatementPage, (tree.statements_en, tree.statements_ar), {}),
        (
            EventPage,
            (tree.events_en, tree.events_ar),
            {"start": start, "end": start + datetime.timedelta(hours=2), "venue_name": "Hall"},
        ),
    ]:
        english = bulk_pages(parents[0], model, count, locale=tree.en, topics=[topics[0]], **fields)
        bulk_pages(
            parents[1],
            model,
            count,
            locale=tree.ar,
            translation_keys=[page.translation_key for page in english],
            topics=[topics[1]],
            **fields,
        )


def queries_for(client, url):
    """The queries of one uncached render of ``url``: the page's own work and the fragments'
    version; the shared fragments are kept (a crawl finds them filled)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context)


def test_pages_take_at_most_12_queries_however_many_pages_there_are(client, tree, site):
    grow(tree, site["topics"], 5)
    few = {label: queries_for(client, url) for label, url in site["urls"].items()}
    grow(tree, site["topics"], 300)
    many = {label: queries_for(client, url) for label, url in site["urls"].items()}
    assert many == few
    assert max(many.values()) <= MAX_QUERIES, many


def test_the_count_does_not_depend_on_the_cache(client, tree, site):
    """With every fragment missing (a new version: neither the cache nor this process holds
    one), pages still render; building the fragments costs queries that kept ones save."""
    url = site["urls"]["statement ar"]
    warm = queries_for(client, url)
    content_version.bump()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    assert len(context) > warm


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_publish_shows_at_once_on_every_page_that_lists_it(client, tree, site, language):
    home = f"/{language}/"
    statement_url = site["urls"][f"statement {language}"]
    parent = tree.statements_en if language == "en" else tree.statements_ar
    locale = tree.en if language == "en" else tree.ar
    for url in (home, statement_url):  # fill the fragments
        client.get(url)

    fresh = StatementPageFactory(parent=parent, title=f"Breaking {language}", locale=locale)
    for url in (home, statement_url):
        assert f"Breaking {language}" in client.get(url).content.decode(), url

    fresh.unpublish()
    for url in (home, statement_url):
        assert f"Breaking {language}" not in client.get(url).content.decode(), url

    publish(fresh)
    assert f"Breaking {language}" in client.get(home).content.decode()
    fresh.delete()
    assert f"Breaking {language}" not in client.get(home).content.decode()


def test_moves_renames_and_restrictions_change_the_version(tree, site):
    seen = {content_version.current()}
    section = tree.news_en
    page = StatementPage.objects.get(locale=tree.en, title="Release the detained journalists")
    page.title = "Renamed without publishing"
    page.save()
    seen.add(content_version.current())

    topic = site["topics"][0]
    topic.name = "Arbitrary detention"
    topic.save()
    seen.add(content_version.current())

    PageViewRestriction.objects.create(page=section, restriction_type="login")
    seen.add(content_version.current())

    chosen = StatementPage.objects.get(title="Chosen")
    chosen.move(tree.statements_en, pos="first-child")
    seen.add(content_version.current())
    assert len(seen) == 5  # each of the four changes moved it on


def test_topic_rename_shows_on_the_page_at_once(client, site):
    url = site["urls"]["statement en"]
    assert "Detention" in client.get(url).content.decode()
    topic = site["topics"][0]
    topic.name = "Arbitrary detention"
    topic.save()
    assert "Arbitrary detention" in client.get(url).content.decode()


def test_a_restricted_section_leaves_the_menu_at_once(client, tree, site):
    assert 'href="/en/news/"' in client.get("/en/").content.decode()
    PageViewRestriction.objects.create(page=tree.news_en, restriction_type="login")
    assert 'href="/en/news/"' not in client.get("/en/").content.decode()
    assert client.get("/en/news/").status_code == 302  # to the login page


def test_a_preview_shows_the_draft_not_the_cached_fragments(client, tree, site):
    """The fragments hold the published pages; an editor previewing a draft sees the draft."""

    def featured_title(html):
        return BeautifulSoup(html, "html.parser").select_one(".home-featured .card__title").text

    published = featured_title(client.get("/en/").content)  # fills the fragments
    home = HomePage.objects.get(pk=tree.home_en.pk)
    home.featured_page = StatementPage.objects.get(title="Chosen")  # a draft change only
    response = home.make_preview_request()
    assert featured_title(response.content).strip() == "Chosen" != published.strip()
    assert featured_title(client.get("/en/").content) == published


def test_a_served_page_reads_its_choices_in_its_own_query(client, tree, site):
    """Topics, co-signatories and organisers come with the page's row (one round trip fewer),
    and the page shows them in its language."""
    for label in ("statement en", "statement ar", "event en", "event ar"):
        url = site["urls"][label]
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        link_tables = [
            query["sql"]
            for query in context.captured_queries
            if "_topics" in query["sql"] or "_organisers" in query["sql"]
        ]
        assert len(link_tables) == 1, (label, link_tables)
        assert '"wagtailcore_page"."url_path"' in link_tables[0], label
        text = BeautifulSoup(response.content, "html.parser").get_text()
        language = label.split()[1]
        assert ("Detention" if language == "en" else "الاحتجاز") in text, label
        assert ("Rights Alliance" if language == "en" else "ع Rights Alliance") in text, label


def test_on_postgresql_a_page_query_is_prepared_once_it_repeats(client, site):
    """Parameters go apart from the query text (settings: server_side_binding), so the page
    query of a type read often is prepared: PostgreSQL no longer plans it on every read."""
    require("PostgreSQL", connection.vendor == "postgresql")
    for _ in range(6):
        for label in ("statement en", "event ar"):
            assert client.get(site["urls"][label]).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    for table in ("content_statementpage", "events_eventpage"):
        assert any(f'FROM "{table}"' in statement for statement in prepared), (table, prepared)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_home_page_drawn_from_the_shared_cache_reads_only_the_content_version(
    client, site, language
):
    """The site and its home pages come from the fragment cache. A copy there is what was
    stored, not the object a process went on using (and loading relations onto): another
    worker, or this one after a crawl, reads it as stored, so what a home page reads while
    drawn (its locale) must be in it."""
    client.get(f"/{language}/")  # stores the fragments
    content_version.drop_kept_copies()  # as a worker that did not build them
    with CaptureQueriesContext(connection) as context:
        assert client.get(f"/{language}/").status_code == 200
    assert [query["sql"] for query in context] == [context[0]["sql"]]  # the version only
