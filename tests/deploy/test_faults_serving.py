"""Readers while the app server or the database is down, through `make serve`'s real stack.

nginx serves the last good copy of every page it served (X-Cache-Status: STALE) and a designed
bilingual 503 with Retry-After for the others; site/serve.sh starts gunicorn again when it
dies; a database outage never shows a traceback. The fault is real each time: gunicorn's
master is killed by pid, a private PostgreSQL is stopped with `pg_ctl stop -m immediate`.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsroom.feeds.building import rebuild
from tests.factories import StatementPageFactory, build_bilingual_tree, publish
from tests.support.database import database_url_for_subprocess
from tests.support.http import cache_status, fetch, read_until_cached
from tests.support.paths import ROOT
from tests.support.serve_stack import serve_stack
from tests.support.services import free_port, require
from tests.support.waiting import wait_for

PG_BIN = Path("/usr/lib/postgresql/15/bin")
# Generous: on a busy 2-core machine loading Django in the new master takes tens of seconds.
RESTART_TIMEOUT = 120


def html_language(body):
    match = re.search(rb'<html lang="(\w+)" dir="(\w+)">', body)
    return match and tuple(part.decode() for part in match.groups())


def notice_languages(body):
    found = re.findall(rb'<section class="unavailable__notice" lang="(\w+)" dir="(\w+)"', body)
    return [(lang.decode(), direction.decode()) for lang, direction in found]


def assert_designed_503(response, language):
    status, headers, body = response
    assert status == 503, body[:300]
    assert headers["Retry-After"] == "30"
    assert headers["Content-Type"].startswith("text/html")
    other = {"en": ("ar", "rtl"), "ar": ("en", "ltr")}[language]
    first = (language, "rtl" if language == "ar" else "ltr")
    assert html_language(body) == first
    assert notice_languages(body) == [first, other]
    assert "We’ll be right back".encode() in body
    assert "سنعود بعد قليل".encode() in body
    assert b"/static/css/newsroom" in body  # the site's own stylesheet
    for leak in (b"nginx", b"Bad Gateway", b"Traceback", b"OperationalError", b"psycopg"):
        assert leak not in body, leak


def poll(predicate, timeout, what):
    """``wait_for``, failing the test with ``what`` when the time is up."""
    result = wait_for(predicate, timeout, interval=0.25)
    if not result:
        pytest.fail(f"{what} did not happen within {timeout} s")
    return result


# --- The app server dies.


@pytest.fixture
def stack(transactional_db, tmp_path, settings):
    tree = build_bilingual_tree()
    read = publish(StatementPageFactory(parent=tree.statements_en, title="Read before"))
    unread = publish(StatementPageFactory(parent=tree.statements_en, title="Never read"))
    with serve_stack(
        tmp_path,
        DATABASE_URL=database_url_for_subprocess(),
        MEDIA_ROOT=settings.MEDIA_ROOT,
        NEWSROOM_FEEDS_ROOT=settings.FEEDS_ROOT,
    ) as running:
        running["tree"] = tree
        running["read"] = read
        running["unread"] = unread
        yield running


def gunicorn_pid(stack):
    path = stack["var"] / "run" / "gunicorn.pid"
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def test_readers_get_cached_pages_and_a_designed_503_while_gunicorn_restarts(stack):
    base = stack["base"]
    read = base + stack["read"].url
    home_ar = base + stack["tree"].home_ar.url
    for url in (read, home_ar):
        read_until_cached(url)
    rebuild({"*"})
    master = gunicorn_pid(stack)
    assert master

    # The whole app server dies at once (master and workers, as when its host process is
    # killed): a lone master's workers could keep answering until a new master is up, and
    # readers would see no outage at all.
    workers = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
    ).stdout.split()
    for pid in [master, *map(int, workers)]:
        os.kill(pid, signal.SIGKILL)

    # Nothing answers on the socket until serve.sh has started gunicorn again. Readers of
    # known pages never see an error.
    seen_read, seen_unread = [], []

    def outage_seen():
        seen_read.append(fetch(read))
        seen_unread.append(fetch(f"{base}/en/statements/not-read-{len(seen_unread)}/"))
        return seen_unread[-1][0] == 503

    poll(outage_seen, RESTART_TIMEOUT, "an outage")
    assert {status for status, _h, _b in seen_read} == {200}
    assert_designed_503(seen_unread[-1], "en")

    # During the outage: the last good copies, the designed page in each language, JSON for
    # the API (a snapshot: gunicorn may come back during it, which is fine for all but one).
    # The copy may still be in its second of freshness (HIT); after it, nginx serves it as
    # the last good copy (STALE).
    def served_stale():
        seen_read.append(fetch(read))
        return cache_status(seen_read[-1][1]) == "STALE"

    poll(served_stale, 10, "the last good copy served stale")
    assert {status for status, _h, _b in seen_read} == {200}
    assert b"Read before" in seen_read[-1][2]
    assert fetch(home_ar)[0] == 200
    never_read = base + stack["unread"].url
    assert_designed_503(fetch(never_read), "en")
    assert_designed_503(fetch(f"{base}/ar/search/?q=outage"), "ar")
    status, headers, body = fetch(f"{base}/api/v1/openapi.json")
    assert status == 503
    assert headers["Content-Type"] == "application/json"
    assert b'"error": "unavailable"' in body
    # Static files do not depend on gunicorn, nor do the feeds built on disk; a feed that is
    # not there (Django's to build) gets the designed page too.
    assert fetch(f"{base}/static/css/newsroom.css")[0] == 200
    status, _headers, body = fetch(f"{base}/en/feeds/all.rss")
    assert status == 200 and b"Read before" in body
    assert_designed_503(fetch(f"{base}/en/feeds/topics/not-built-yet.rss"), "en")

    # serve.sh started gunicorn again, and fresh pages are back.
    poll(lambda: gunicorn_pid(stack) not in {None, master}, RESTART_TIMEOUT, "a new master")
    poll(lambda: fetch(f"{base}/healthz")[0] == 200, RESTART_TIMEOUT, "a healthy gunicorn")
    status, headers, body = fetch(never_read)
    assert status == 200
    assert cache_status(headers) in {"MISS", "EXPIRED"}
    assert b"Never read" in body
    assert stack["process"].poll() is None  # nginx stayed up all along
    assert "gunicorn exited (status" in stack["output"]()


# --- The database stops.


def as_postgres_user(command):
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextmanager
def private_postgres():
    """A throw-away PostgreSQL on a free port (never the machine's): (url, start, stop)."""
    require("PostgreSQL 15 server binaries", (PG_BIN / "pg_ctl").exists())
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-pg-"))
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    data, log = workdir / "data", workdir / "postgres.log"
    port = free_port()
    subprocess.run(
        as_postgres_user(
            [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
            + ["-E", "UTF8", "--no-sync", "--no-instructions"]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"

    def start():
        subprocess.run(
            as_postgres_user(
                [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options]
                + ["-w", "start"]
            ),
            check=True,
            capture_output=True,
        )

    def stop(mode="immediate"):
        subprocess.run(
            as_postgres_user([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", mode, "stop"]),
            check=False,
            capture_output=True,
        )

    start()
    try:
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
            + ["newsroom"],
            check=True,
            capture_output=True,
        )
        yield f"postgres://postgres@127.0.0.1:{port}/newsroom", start, stop
    finally:
        stop()
        shutil.rmtree(workdir, ignore_errors=True)


# Migrates the private database and publishes a small bilingual tree into it.
LOAD_CONTENT = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from tests.factories import StatementPageFactory, build_bilingual_tree, publish
tree = build_bilingual_tree()
for slug in ("read-before", "never-read"):
    publish(StatementPageFactory(parent=tree.statements_en, title=slug, slug=slug))
"""


def test_a_database_outage_serves_cached_pages_and_a_designed_503(tmp_path):
    with private_postgres() as (database_url, start_postgres, stop_postgres):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL", "DEBUG"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="newsroom.settings.dev",
            DATABASE_URL=database_url,
            NEWSROOM_VAR_DIR=str(tmp_path / "load"),
        )
        subprocess.run(
            [sys.executable, "-c", LOAD_CONTENT], cwd=ROOT, env=env, check=True, timeout=600
        )
        with serve_stack(tmp_path, DATABASE_URL=database_url) as running:
            base = running["base"]
            read = f"{base}/en/statements/read-before/"
            read_until_cached(read)
            read_until_cached(f"{base}/ar/")

            stop_postgres()

            # Django answers 503 for every page now; once the copy is past its second of
            # freshness, nginx serves it as the last good copy.
            answers = []

            def served_stale():
                answers.append(fetch(read))
                return cache_status(answers[-1][1]) == "STALE"

            poll(served_stale, 10, "the last good copy served stale")
            assert {status for status, _headers, _body in answers} == {200}
            assert b"read-before" in answers[-1][2]
            assert fetch(f"{base}/ar/")[0] == 200
            # Pages nginx never had: Django's designed 503 in the address's language.
            assert_designed_503(fetch(f"{base}/en/statements/never-read/"), "en")
            assert_designed_503(fetch(f"{base}/ar/search/?q=outage"), "ar")
            # The API (never cached) keeps its JSON error body, as a 503 too.
            status, headers, body = fetch(f"{base}/api/v1/pages?locale=en")
            assert (status, headers["Retry-After"]) == (503, "30")
            assert json.loads(body)["error"] == "unavailable"
            status, _headers, body = fetch(f"{base}/healthz")
            assert status == 503
            assert json.loads(body)["checks"]["database"]["status"] == "error"
            assert "Service Unavailable: /en/statements/never-read/" in running["output"]()

            start_postgres()

            # The next request reconnects: no restart needed.
            poll(
                lambda: fetch(f"{base}/en/statements/never-read/")[0] == 200,
                30,
                "reading a page once the database was back",
            )
            assert fetch(f"{base}/healthz")[0] == 200
