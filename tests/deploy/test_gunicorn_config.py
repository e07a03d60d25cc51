"""site/gunicorn/gunicorn.conf.py as gunicorn itself runs it."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.support.http import fetch
from tests.support.services import free_port
from tests.support.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "site" / "gunicorn" / "gunicorn.conf.py"


def test_workers_fork_with_what_the_master_loaded_frozen(tmp_path):
    """The master's objects are out of the collector's sight in every worker (pre_fork), so a
    worker's full collection does not walk them nor copy the memory they share."""
    port = free_port()
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
    log = tmp_path / "gunicorn.log"
    with log.open("w") as errors:
        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "tests.support.freeze_count_app"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert wait_for(lambda: _answers(url), timeout=30), log.read_text()
        counts = {int(fetch(url)[2]) for _ in range(6)}
        # Everything gunicorn and the app's module brought in: tens of thousands of objects.
        assert min(counts) > 10_000, counts
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)


def _answers(url):
    try:
        return fetch(url)[0] == 200
    except OSError:
        return False
