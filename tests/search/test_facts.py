"""What search matches and reads of each page (``PageFacts``, ``PageDocument`` and the index of
its terms) follows the page: written on publish, rewritten on the next publish, left alone by
a draft, written for live pages that have none by ``migrate`` and ``update_index``, gone with
the page; and on PostgreSQL both the terms and Wagtail's index entries have an index."""

import datetime
import importlib
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from newsroom.content.models import StatementPage
from newsroom.search.engine import matched
from newsroom.search.models import PageDocument, PageFacts
from newsroom.search.query import parse_query
from newsroom.search.term_index import matching
from tests.factories import StatementPageFactory, TopicFactory, bulk_pages, publish
from tests.support.services import require

pytestmark = pytest.mark.django_db


def results(client, **params):
    response = client.get("/en/search/", params)
    assert response.status_code == 200, response.content[:300]
    html = BeautifulSoup(response.content, "html.parser")
    titles = [a.get_text().strip() for a in html.select(".search-hit__title a")]
    options = {
        link.select_one(".search-facet__label").get_text().strip(): int(
            link.select_one(".search-facet__count").get_text()
        )
        for link in html.select("a.search-facet__option")
    }
    return titles, options


@pytest.fixture
def statement(tree):
    topic = TopicFactory(slug="detention", name="Detention", locale=tree.en)
    page = StatementPageFactory(
        parent=tree.statements_en,
        locale=tree.en,
        title="Lawyers barred from prisons",
        subtitle="Visits to clients have been refused since spring.",
        publication_date=datetime.date(2024, 3, 1),
    )
    page.topics.set([topic])
    return publish(page)


def test_a_publish_writes_the_facts_and_the_next_publish_rewrites_them(client, tree, statement):
    titles, options = results(client, q="lawyers")
    assert titles == ["Lawyers barred from prisons"]
    assert options["Detention"] == 1 and options["2024"] == 1

    expression = TopicFactory(slug="expression", name="Free expression", locale=tree.en)
    statement.title = "Defence lawyers barred from prisons"
    statement.publication_date = datetime.date(2025, 1, 9)
    statement.topics.set([expression])
    publish(statement)

    titles, options = results(client, q="lawyers")
    assert titles == ["Defence lawyers barred from prisons"]
    assert "Detention" not in options and options["Free expression"] == 1
    assert "2024" not in options and options["2025"] == 1
    facts = PageFacts.objects.get(page=statement)
    assert facts.title_terms == " defenc lawyer bar from prison "
    assert (facts.topics, facts.year, facts.language) == (" expression ", 2025, "en")
    document = PageDocument.objects.get(page=statement)
    assert "refused since spring" in document.text
    assert {"defenc", "lawyer", "refus", "spring"} <= set(document.terms.split())


def test_facts_written_before_they_held_the_year_are_migrated(client, tree, statement):
    migration = importlib.import_module(
        "newsroom.search.migrations.0007_facts_year_and_padded_terms"
    )
    migration.unpad(django_apps, None)
    PageFacts.objects.update(year=0)  # what adding the column leaves
    facts = PageFacts.objects.get(page=statement)
    assert (facts.title_terms, facts.topics) == ("lawyer bar from prison", "detention")

    migration.pad(django_apps, None)
    facts.refresh_from_db()
    assert (facts.title_terms, facts.topics, facts.year) == (
        " lawyer bar from prison ",
        " detention ",
        2024,
    )
    titles, options = results(client, q="prisons", topic="detention", year=2024)
    assert titles == ["Lawyers barred from prisons"]
    assert options["Detention"] == 1 and options["2024"] == 1


def test_a_draft_leaves_the_published_facts(client, statement):
    statement.title = "An unpublished headline"
    statement.topics.set([])
    statement.save_revision()

    titles, options = results(client, q="lawyers")
    assert titles == ["Lawyers barred from prisons"]
    assert options["Detention"] == 1


def test_unpublishing_or_expiry_takes_the_page_out_and_a_publish_brings_it_back(client, statement):
    # Search reads the facts without the page's row: they must not outlive its being live.
    def rows():
        return (
            PageFacts.objects.filter(page=statement).count(),
            PageDocument.objects.filter(page=statement).count(),
        )

    statement.unpublish()
    assert rows() == (0, 0)
    assert results(client, q="lawyers")[0] == []

    publish(statement)
    assert rows() == (1, 1)
    assert results(client, q="lawyers")[0] == ["Lawyers barred from prisons"]

    StatementPage.objects.filter(pk=statement.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=io.StringIO())
    assert rows() == (0, 0)
    assert results(client, q="lawyers")[0] == []


def test_a_publish_scheduled_for_later_writes_nothing_until_the_page_goes_live(client, tree):
    page = StatementPageFactory(parent=tree.statements_en, locale=tree.en, title="Curfew")
    page.go_live_at = timezone.now() + datetime.timedelta(days=1)
    page.save_revision().publish()
    assert not PageFacts.objects.filter(page=page).exists()
    assert results(client, q="curfew")[0] == []


def test_pages_made_in_bulk_are_found_once_update_index_has_run(client, tree):
    pages = bulk_pages(
        tree.statements_en, StatementPage, 3, locale=tree.en, title="Curfew in the old city"
    )
    assert results(client, q="curfew")[0] == []  # made without the publish that writes facts

    out = io.StringIO()
    call_command("update_index", stdout=out)

    assert "Search facts written for 3 live pages." in out.getvalue()
    titles, options = results(client, q="curfew")
    assert titles == ["Curfew in the old city"] * 3
    assert options["Statements"] == 3
    assert set(PageFacts.objects.values_list("page_id", flat=True)) == {p.pk for p in pages}
    assert results(client, q="city")[0] == titles  # the body and title's every term


def test_migrate_writes_the_facts_of_live_pages_that_have_none(tree):
    live = bulk_pages(tree.statements_en, StatementPage, 2, locale=tree.en, title="Curfew")
    draft = bulk_pages(tree.statements_en, StatementPage, 1, locale=tree.en, title="Curfew")[0]
    StatementPage.objects.filter(pk=draft.pk).update(live=False)

    call_command("migrate", verbosity=0)

    assert set(PageFacts.objects.values_list("page_id", flat=True)) == {p.pk for p in live}
    assert set(PageDocument.objects.values_list("page_id", flat=True)) == {p.pk for p in live}
    found = matched(StatementPage.objects.all(), parse_query("curfews", "en"))
    assert set(found.values_list("pk", flat=True)) == {p.pk for p in live}


def test_the_facts_and_their_terms_go_with_the_page(statement):
    everything = StatementPage.objects.all()
    assert matched(everything, parse_query("lawyers", "en")).count() == 1
    statement.delete()
    assert not PageFacts.objects.exists() and not PageDocument.objects.exists()
    assert matched(everything, parse_query("lawyers", "en")).count() == 0
    # A page made again with the same id finds only its own words, not the deleted page's.
    page = StatementPageFactory(
        parent=statement.get_parent(), locale=statement.locale, title="Curfew", pk=statement.pk
    )
    publish(page)
    assert matched(everything, parse_query("lawyers", "en")).count() == 0
    assert matched(everything, parse_query("curfew", "en")).count() == 1


def test_the_term_index_answers_a_search_on_postgresql(tree, statement):
    require("PostgreSQL", connection.vendor == "postgresql")
    query = parse_query('lawyers "barred from"', "en")
    assert set(StatementPage.objects.filter(matching(query, StatementPage))) == {statement}
    facts = PageFacts.objects.filter(matching(query, PageFacts))
    assert list(facts.values_list("page_id", flat=True)) == [statement.pk]
    # The terms are the document's: rewritten with it, whichever row is written first.
    statement.title = "Curfew in the old city"
    publish(statement)
    assert not PageFacts.objects.filter(matching(query, PageFacts)).exists()
    curfew = PageFacts.objects.filter(matching(parse_query("curfew", "en"), PageFacts))
    assert list(curfew.values_list("page_id", flat=True)) == [statement.pk]
    with connection.cursor() as cursor:
        # A handful of test rows are read faster without an index: ask whether it can be used.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = curfew.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_pagefacts_terms_gin" in plan, plan


def test_wagtails_index_entries_have_an_index_for_the_admins_search_on_postgresql(statement):
    require("PostgreSQL", connection.vendor == "postgresql")
    sql, _params = Page.objects.search("lawyers").get_queryset().query.sql_with_params()
    # What Wagtail's backend asks (the table is aliased inside the id subquery).
    assert re.search(r"\((\w+\.)?title \|\| (\w+\.)?body\) @@", sql.replace('"', "")), sql
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM wagtailsearch_indexentry "
            "WHERE (title || body) @@ to_tsquery('simple', 'lawyer')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_entry_title_body_gin" in plan, plan


def test_a_headings_level_is_neither_found_nor_shown_in_the_snippet(client, tree):
    page = StatementPageFactory(
        parent=tree.statements_en,
        locale=tree.en,
        title="Prison visits refused",
        subtitle="",
        body=[
            {"type": "heading", "value": {"text": "What we found", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Lawyers were turned away.</p>"},
        ],
    )
    publish(page)
    assert PageDocument.objects.get(page=page).text == "What we found · Lawyers were turned away."
    assert results(client, q="section")[0] == []
    assert results(client, q="lawyers")[0] == ["Prison visits refused"]
