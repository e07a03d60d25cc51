"""The planner's statistics are gathered after ``migrate``, after a bulk load and hourly, so
SQLite picks the index a query needs instead of the first one that fits."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsroom.content.models import NewsPage
from newsroom.core.query_planner import refresh_statistics
from newsroom.core.tasks import refresh_statistics as refresh_task
from tests.factories import bulk_pages

pytestmark = pytest.mark.django_db

TABLE = "wagtailcore_page"


def statistics_of(table):
    """How many rows of planner statistics the database holds for ``table``."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        return cursor.fetchone()[0]


def forget_statistics(table):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s", [table])
            cursor.execute("ANALYZE sqlite_schema")  # the planner reads the table again
        else:
            cursor.execute("DELETE FROM pg_statistic WHERE starelid = %s::regclass", [table])
    assert statistics_of(table) == 0


@pytest.fixture
def archive(tree):
    return bulk_pages(tree.news_en, NewsPage, 300, locale=tree.en)


def test_migrate_and_the_hourly_task_gather_the_statistics(archive):
    forget_statistics(TABLE)
    call_command("migrate", verbosity=0)
    assert statistics_of(TABLE) > 0

    forget_statistics(TABLE)
    refresh_task.apply(throw=True)
    assert statistics_of(TABLE) > 0
    schedule = settings.CELERY_BEAT_SCHEDULE["core-database-statistics"]
    assert (schedule["task"], schedule["schedule"]) == (refresh_task.name, 60 * 60)


def test_the_apis_list_walks_the_publication_index_on_sqlite(client, archive):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner: .ci/run runs this file on SQLite too")
    refresh_statistics()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/pages").status_code == 200
    (listing,) = [
        query["sql"]
        for query in queries
        if "first_published_at" in query["sql"].split("ORDER BY")[-1]
        and query["sql"].endswith("LIMIT 20")
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {listing}")
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    # Without statistics: every page through the index on alias_of_id, then sorted.
    assert "USING INDEX newsroom_page_published" in plan and "TEMP B-TREE" not in plan, plan
