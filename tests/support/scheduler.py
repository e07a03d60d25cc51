"""`manage.py run_scheduler` as `make run` starts it (no broker), on the test database."""

import os
import signal
import subprocess
import sys

import pytest

from tests.support.database import database_url_for_subprocess
from tests.support.paths import ROOT


def start_scheduler():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": database_url_for_subprocess(),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("CI", "REDIS_URL", "NEWSROOM_TEST_WORKER_QUEUE"):
        env.pop(name, None)  # the embedded set-up: no broker, tasks run in the scheduler
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_scheduler(process):
    """SIGTERM, as Ctrl-C in `make run`; returns (exit code, output)."""
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        pytest.fail("the scheduler did not stop within 30 s of SIGTERM:\n" + output)
    return process.returncode, output
