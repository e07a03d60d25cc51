"""How current a response is: the Last-Modified date and the version of published content.

A list changes when any page enters or leaves it, and an item changes when its translation
or a topic's name does, so the newest date among the pages shown is not enough. Wagtail logs
every publish, unpublish, move, deletion, privacy change and snippet edit with a timestamp
(an indexed column), so the newest log entry bounds the last change to public content. The
dates of the pages shown are added for content written without the audit log (bulk loads).
"""

import datetime

from django.db import connection
from django.utils.dateparse import parse_datetime
from wagtail.models import ModelLogEntry, PageLogEntry


def _newest_log_entries():
    # One plain query for both logs: it runs on every API request, cached answers included,
    # and the ORM would spend more time compiling two aggregates than the database needs.
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT MAX({quote('timestamp')}) FROM {quote(model._meta.db_table)}"
        for model in (PageLogEntry, ModelLogEntry)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = [row[0] for row in cursor.fetchall() if row[0]]
    # SQLite hands back text in UTC, PostgreSQL aware datetimes.
    stamps = [
        value if isinstance(value, datetime.datetime) else parse_datetime(value) for value in values
    ]
    return [s if s.tzinfo else s.replace(tzinfo=datetime.UTC) for s in stamps]


def logged_change(request):
    """The time of the newest audit-log entry, read once per request."""
    if not hasattr(request, "_api_logged_change"):
        request._api_logged_change = max(_newest_log_entries(), default=None)
    return request._api_logged_change


def mark(request, *stamps):
    """Record the response's Last-Modified for the HTTP layer (newsroom.api.http)."""
    request.api_last_modified = max(filter(None, [logged_change(request), *stamps]), default=None)
