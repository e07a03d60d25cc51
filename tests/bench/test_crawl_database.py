"""The crawl's database is migrated even when the process already migrated the bench's: in one
process, wagtail-localize's first migration points at the model the first database had, and
a new database failed (`make bench` on a fresh checkout: the crawl ran after the API
benchmark and stopped with "Related model 'wagtailcore.revision' cannot be resolved")."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, sys
from django.core.management import call_command
from bench.__main__ import configure

configure()
call_command("migrate", verbosity=0)  # already migrated: loads the migrations as they are now
from bench import crawl
with crawl.crawl_database():
    crawl.migrate()
    from django.db import connection
    tables = connection.introspection.table_names()
    assert "wagtail_localize_translationsource" in tables, tables
    assert "wagtailcore_revision" in tables, tables
print("migrated")
"""


def test_a_new_crawl_database_is_migrated_after_the_bench_database(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
    }
    # The bench's database as an earlier run left it.
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity=0"], cwd=ROOT, env=env, check=True
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "migrated" in result.stdout
    assert (tmp_path / "crawl.sqlite3").exists()
