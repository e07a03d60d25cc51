"""The content version: one number that every publish, unpublish, move and deletion changes,
and the fragment cache keyed on it.

Boxes that many pages share (the navigation, "Latest", "Related", the home page's lists) are
kept in Django's cache under a key that holds this number, so a change readers can see makes
every older copy unreachable at once: nothing has to find and delete the fragments a change
touches, and a publish shows on every page that lists it as soon as its transaction commits.
The key holds the release too (``release``): a deploy's templates show at once as well.

The number lives in the database, not the cache: it changes in the same transaction as the
change it stands for, every process (and every server) reads the same value, and a cache that
is local to a process (no ``REDIS_URL``) or down (``newsroom.core.redis_cache`` answers a miss)
only costs renders, never a stale page. A request reads it once (one primary-key query),
however many fragments it uses.
"""

import datetime
import secrets
import threading

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale

from .models import ContentVersion
from .release import release

# Fragments are unreachable once the version moves on; the timeout only bounds the memory
# that old versions hold in a cache without an eviction policy of its own.
FRAGMENT_SECONDS = 24 * 60 * 60
ROW = 1
# Fragments a process keeps a copy of: room for the shared boxes of both languages and the
# choices many pages share; a crawl's pages (their language versions' links) pass through,
# and the copy read longest ago makes room, never one that every page reads.
KEPT_COPIES = 500

_kept = {}
_kept_version = None
_kept_lock = threading.Lock()

_request = threading.local()


def _read():
    # Plain SQL: every reader's page and API response asks, and compiling the ORM's query
    # took longer than the database needs to answer it.
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value, changed_at FROM {table} WHERE id = %s", [ROW])
        row = cursor.fetchone()
    if row is None:
        return 0, None
    value, changed = row
    if changed is not None and timezone.is_naive(changed):  # SQLite's, in UTC
        changed = changed.replace(tzinfo=datetime.UTC)
    return value, changed


def _state():
    """(version, when it moved), read once per request (outside a request, on every call)."""
    memo = getattr(_request, "state", None)
    if memo is not None:
        return memo
    state = _read()
    if getattr(_request, "active", False):
        _request.state = state
    return state


def current():
    """The version."""
    return _state()[0]


def changed_at():
    """When the version last moved (None before the first change): an upper bound of every
    change readers can see, so a response's Last-Modified."""
    return _state()[1]


def bump(**_signal_kwargs):
    """Move the version on (a signal receiver, hence the keyword arguments it ignores).

    A new random number rather than the next one: a transaction rolled back (a test, a failed
    import) takes the number back with it, and the next change must not land on a number
    that fragments of the abandoned content were stored under."""
    values = {"value": secrets.randbits(62), "changed_at": timezone.now()}
    if not ContentVersion.objects.filter(pk=ROW).update(**values):
        ContentVersion.objects.update_or_create(pk=ROW, defaults=values)
    _request.state = None


def key(name, parts, version=None):
    """The cache key of the fragment ``name`` for ``parts`` at ``version`` (the current one
    when not given)."""
    version = current() if version is None else version
    return ":".join(["fragment", release(), name, str(version), *map(str, parts)])


def fragment(name, parts, build):
    """``build()``'s value for ``name`` and ``parts`` at the current version: from this
    process's copy, else from the cache, else built and stored in both. A cache that fails
    answers a miss, so the value is built again."""
    version = current()
    cache_key = key(name, parts, version)
    held = _kept_copy(cache_key)
    if held is None:
        held = cache.get(cache_key)
        if held is None:
            held = (build(),)  # wrapped: None is a value worth keeping too
            cache.set(cache_key, held, FRAGMENT_SECONDS)
        _keep(version, cache_key, held)
    return held[0]


def with_locale(page):
    """``page`` with its locale loaded, for a fragment that is a page: drawing the page reads
    its locale, and a copy read back from the cache (by another worker, or by this one once
    its own copy made room) holds only what was loaded when it was stored."""
    page.locale = Locale.objects.get(pk=page.locale_id)
    return page


def _kept_copy(cache_key):
    """This process's copy (None if it has none), moved to the end of the line that _keep
    drops from."""
    with _kept_lock:
        held = _kept.pop(cache_key, None)
        if held is not None:
            _kept[cache_key] = held
    return held


def _keep(version, cache_key, held):
    """Keep a copy in this process. A key names one version's value for good (the version and
    the release are in it), so a copy is never stale; it saves the cache's round trip and the
    unpickling, which took a tenth of a page's time. Copies of older versions are dropped when
    the version moves, and the one read longest ago when there are too many."""
    global _kept_version
    with _kept_lock:
        if version != _kept_version:
            _kept.clear()
            _kept_version = version
        elif len(_kept) >= KEPT_COPIES:
            del _kept[next(iter(_kept))]
        _kept[cache_key] = held


def drop_kept_copies():
    """Forget this process's copies: for a process whose database is replaced under it (the
    test suite flushes it between tests, and a version number may then come round again)."""
    with _kept_lock:
        _kept.clear()


def _request_started(**_kwargs):
    _request.active = True
    _request.state = None


def _request_finished(**_kwargs):
    _request.active = False
    _request.state = None


request_started.connect(_request_started, dispatch_uid="content_version_request_started")
request_finished.connect(_request_finished, dispatch_uid="content_version_request_finished")
