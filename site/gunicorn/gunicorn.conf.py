"""Gunicorn settings for the newsroom, driven by the environment.

Used by the Docker image (`gunicorn -c site/gunicorn/gunicorn.conf.py newsroom.wsgi`) and by
`make serve`. Every value can be overridden with a GUNICORN_* variable:

  GUNICORN_BIND             address to listen on: "host:port" or "unix:/path/to.sock"
                            (default 127.0.0.1:8000; the container uses 0.0.0.0:8000)
  GUNICORN_WORKERS          worker processes (default cores + 1, at most 8)
  GUNICORN_THREADS          threads per worker (default 1)
  GUNICORN_TIMEOUT          seconds a request may take before its worker is restarted (60)
  GUNICORN_GRACEFUL_TIMEOUT seconds to finish in-flight requests on restart/stop (30)
  GUNICORN_KEEPALIVE        seconds to keep an idle proxy connection open (5; keep it above
                            nginx's upstream keepalive_timeout, see site/nginx)
  GUNICORN_MAX_REQUESTS     recycle a worker after this many requests (1000; 0 disables)
  GUNICORN_PRELOAD          "0" loads the app in each worker instead of once in the master
  GUNICORN_LOG_LEVEL        error log level (info)
  GUNICORN_CONTROL_SOCKET   path of gunicorn's control socket for `gunicornc` (unset: none)
  FORWARDED_ALLOW_IPS       proxies trusted for X-Forwarded-* (default 127.0.0.1,::1;
                            docker-compose sets "*" because only nginx can reach the app)
  LOG_FORMAT                "json": error and access log as JSON lines (newsroom.core.logging),
                            like Django's own logs; anything else: text lines

This is a configuration file, not a module of the project: site/ is not a Python package.
"""

import gc
import os
import sys
from pathlib import Path

# The repository (or the image's /app): newsroom.core.logging is imported from there.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# --- Sockets.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
backlog = _int("GUNICORN_BACKLOG", 2048)
# Only nginx talks to gunicorn; it tells us the client address and scheme.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# --- Workers: rendering a page is CPU work under the GIL, so requests run side by side in
# processes, one per core and one more to use the time another waits on the database. Threads
# in a worker took turns on the GIL: on the 2-core machine the crawl benchmark (bench/crawl.py,
# every request a cache miss) gave 70 req/s and a p99 of 1.8-2.4 s with 5 workers of 4 threads,
# 82-91 req/s and 0.8-0.9 s with 3 workers of one thread (SQLite; PostgreSQL 71 -> 75 req/s,
# p99 1.9 -> 1.7 s), and fewer processes take less memory. gthread keeps nginx's upstream
# connections alive; GUNICORN_THREADS > 1 still helps where requests mostly wait.
workers = _int("GUNICORN_WORKERS", min(_cores() + 1, 8))
worker_class = "gthread"
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max(max_requests // 10, 0))
# Load Django once in the master, before it binds: a (re)started gunicorn accepts connections
# only once it can answer them, so until then nginx serves its cached copies and the "we'll
# be right back" page instead of holding readers in the listen queue while workers boot.
# Workers fork ready (and share the loaded code's memory). No database connection is opened
# at import time, so none is shared across the fork.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip() != "0"


def pre_fork(server, worker):
    """Before each worker is forked: what the master loaded (Django, Wagtail, the project, some
    250,000 objects) is moved out of the garbage collector's sight. A worker's full collection
    then no longer walks it (185 ms -> 10 ms, once every few hundred pages: a reader's p99),
    nor writes to the memory pages it lies in, which workers therefore keep sharing."""
    gc.freeze()


# The heartbeat file lives in memory where possible (a disk-backed /tmp can stall workers).
worker_tmp_dir = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None

# --- Request limits (nginx enforces the body size; these guard the request line and headers).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# --- Logging: both logs to stdout/stderr, for Docker and for the terminal of `make serve`.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address as nginx saw it, the request, status, size, duration in ms, referrer, agent.
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    # The same records as above, one JSON object per line on stdout (method, path, status,
    # duration_ms, remote, ... as fields), the way Django logs with LOG_FORMAT=json.
    from newsroom.core.logging import gunicorn_logconfig

    logconfig_dict = gunicorn_logconfig(loglevel.upper())

# --- Process.
proc_name = "newsroom"
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if _control_socket:
    control_socket = _control_socket
else:
    # The default lives in $HOME, shared by every gunicorn of the user: opt in instead.
    control_socket_disable = True
