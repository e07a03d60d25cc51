"""Queries compiled once and run with new values (newsroom.core.prepared): the instances are
those the queryset returns, with its related rows, and a value never lands in the wrong place."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.content.models import StatementPage
from newsroom.core.prepared import PreparedQuery
from tests.factories import StatementPageFactory

pytestmark = pytest.mark.django_db


def by_path(slug, url_path):
    return (
        StatementPage.objects.select_related("locale", "full_document")
        .filter(slug=slug, url_path=url_path)
        .order_by("pk")
    )


def test_the_instance_and_its_related_rows_are_the_querysets(tree):
    pages = [StatementPageFactory(parent=tree.statements_ar, locale=tree.ar) for _ in range(3)]
    query = PreparedQuery(by_path, arity=2)
    for page in pages:
        expected = by_path(page.slug, page.url_path).first()
        with CaptureQueriesContext(connection) as captured:
            found = query.first(page.slug, page.url_path)
            assert found.locale.language_code == "ar"  # read with the page, no query of its own
            assert found.full_document is None
        assert len(captured) == 1
        assert type(found) is StatementPage
        assert [getattr(found, f.attname) for f in StatementPage._meta.concrete_fields] == [
            getattr(expected, f.attname) for f in StatementPage._meta.concrete_fields
        ]
        assert list(found.body.raw_data) == list(expected.body.raw_data)


def test_values_swapped_or_missing_find_nothing(tree):
    page = StatementPageFactory(parent=tree.statements_en, locale=tree.en)
    query = PreparedQuery(by_path, arity=2)
    assert query.first(page.slug, page.url_path).pk == page.pk
    assert query.first(page.url_path, page.slug) is None
    assert query.first("no-such-page", page.url_path) is None


def test_a_value_that_appears_twice_is_refused():
    query = PreparedQuery(
        lambda slug: StatementPage.objects.filter(slug=slug, title=slug),
        arity=1,
    )
    with pytest.raises(ValueError, match="must appear once"):
        query.first("x")


def test_each_thread_compiles_its_own(transactional_db, tree):
    """A compiler keeps its thread's connection: the query runs in another thread too, on that
    thread's connection (which sees the committed page)."""
    page = StatementPageFactory(parent=tree.statements_en, locale=tree.en)
    query = PreparedQuery(by_path, arity=2)
    assert query.first(page.slug, page.url_path).pk == page.pk
    found = []

    def read():
        found.append(query.first(page.slug, page.url_path))
        connection.close()  # the thread's own

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert [p.pk for p in found] == [page.pk]
