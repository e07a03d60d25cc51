"""`make serve` (site/serve.sh: nginx, gunicorn, production settings) started by a test."""

import os
import signal
import subprocess
import time
from contextlib import contextmanager

import pytest

from tests.support.nginx import require_nginx
from tests.support.paths import ROOT, SITE, venv_tool
from tests.support.services import free_port

STARTUP_TIMEOUT = 180  # collectstatic + migrate of a fresh SQLite database, then the servers


@contextmanager
def serve_stack(tmp_path, **environment):
    """site/serve.sh (`make serve`) on a free port, as a user runs it; stopped on exit.

    Yields a dict: base URL, the process, output() (its log so far), var and static dirs.
    ``environment`` is added to a copy of this process's environment, without the test
    settings module, SECRET_KEY, REDIS_URL and DEBUG (serve.sh chooses those).
    """
    nginx = require_nginx()
    port = free_port()
    var = tmp_path / "var"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "REDIS_URL", "DEBUG"}
    }
    env.update(
        PORT=str(port),
        NGINX=str(nginx),
        VENV_BIN=str(venv_tool("python").parent),
        NEWSROOM_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'serve.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_WORKERS="2",
    )
    env.update({key: str(value) for key, value in environment.items()})
    log_path = tmp_path / "serve.log"
    log = open(log_path, "w+b")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        ["bash", str(SITE / "serve.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def output():
        log.flush()
        return log_path.read_text(errors="replace")

    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while "Ctrl-C stops" not in output():
            if process.poll() is not None:
                pytest.fail(f"site/serve.sh exited with {process.returncode}:\n{output()}")
            if time.monotonic() > deadline:
                pytest.fail(f"site/serve.sh did not start in {STARTUP_TIMEOUT} s:\n{output()}")
            time.sleep(0.5)
        yield {
            "base": f"http://127.0.0.1:{port}",
            "process": process,
            "output": output,
            "var": var,
            "static": tmp_path / "static",
        }
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
