#!/usr/bin/env bash
# `make serve`: the production configuration on this machine, without Docker.
#
#   Debian's nginx (configs from site/nginx, rendered into var/nginx/) on
#   http://127.0.0.1:${PORT:-8080}, in front of gunicorn (site/gunicorn/gunicorn.conf.py) on a
#   unix socket in var/run/, with DJANGO_SETTINGS_MODULE=newsroom.settings.production.
#
# Runs collectstatic and migrate first, then both servers in the foreground; Ctrl-C (or
# SIGTERM) stops both. When gunicorn dies, it is started again (after 1 s, doubling up to
# 30 s while it keeps dying young) and nginx stays up meanwhile, serving its cached copies
# and a "we'll be right back" page (README, "When things fail"). nginx exiting ends the run.
# Without REDIS_URL, Celery tasks run eagerly in the web process; with it, start
# `make worker` and `make beat` beside this.
#
# nginx micro-caches anonymous pages (var/nginx/cache, emptied at each start; README, "Serving
# and security"), serves static files, and sends documents once Django allowed them
# (X-Accel-Redirect). With Debian's libnginx-mod-http-brotli-filter installed it also
# compresses with brotli.
#
# Environment: PORT (8080), SECRET_KEY (random for this run when unset), ALLOWED_HOSTS
# (127.0.0.1,localhost), SITE_URL (http://127.0.0.1:$PORT), DATABASE_URL, REDIS_URL,
# NEWSROOM_VAR_DIR (var/; run/ and nginx/ go there too), STATIC_ROOT, MEDIA_ROOT,
# LOG_FORMAT (json: JSON lines from Django, gunicorn and nginx's access log), SENTRY_DSN,
# GUNICORN_* (see the gunicorn config; GUNICORN_BIND=host:port puts gunicorn on that port
# instead of a unix socket, to reach it directly too, as `make bench` does), NGINX
# (/usr/sbin/nginx), VENV_BIN (.venv/bin), NGINX_MODULES_DIR (/usr/lib/nginx/modules).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PORT="${PORT:-8080}"
NGINX="${NGINX:-/usr/sbin/nginx}"
VENV_BIN="${VENV_BIN:-$ROOT/.venv/bin}"
PYTHON="$VENV_BIN/python"
# The same directory Django uses for its SQLite database, mail and media (settings.VAR_DIR).
VAR_DIR="${NEWSROOM_VAR_DIR:-$ROOT/var}"
case "$VAR_DIR" in /*) ;; *) VAR_DIR="$ROOT/$VAR_DIR" ;; esac
RUN_DIR="$VAR_DIR/run"
NGINX_DIR="$VAR_DIR/nginx"
CACHE_DIR="$NGINX_DIR/cache"
NGINX_MODULES_DIR="${NGINX_MODULES_DIR:-/usr/lib/nginx/modules}"

say() { printf 'make serve: %s\n' "$*"; }
die() { printf 'make serve: %s\n' "$*" >&2; exit 1; }

if [ ! -x "$NGINX" ]; then
    die "nginx is not installed ($NGINX not found).
  Install Debian's nginx, then run 'make serve' again:
      sudo apt-get install -y nginx      (as root: apt-get install -y nginx)
  (Only the binary is used; the system service does not need to run.)"
fi
[ -x "$PYTHON" ] || die "no virtualenv at $VENV_BIN: run 'make install' (or use 'make serve')."
case "$PORT" in
    '' | *[!0-9]*) die "PORT must be a number, got '$PORT'." ;;
esac

# --- Production settings, made safe for a local run.
export DJANGO_SETTINGS_MODULE=newsroom.settings.production
export DEBUG=0
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"
# Documents: Django checks access, nginx sends the file (newsroom.core.documents).
export NEWSROOM_X_ACCEL_REDIRECT=1
if [ -z "${SECRET_KEY:-}" ]; then
    SECRET_KEY="$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')"
    export SECRET_KEY
    say "SECRET_KEY is not set: using a random one for this run only" \
        "(sessions and signed links end when it stops; set SECRET_KEY to keep them)."
fi

mkdir -p "$RUN_DIR" "$NGINX_DIR/logs" "$NGINX_DIR/tmp" "$NGINX_DIR/conf.d"

# Refuse to run twice from the same checkout: the second would steal the first one's socket.
if [ -f "$RUN_DIR/gunicorn.pid" ] && kill -0 "$(cat "$RUN_DIR/gunicorn.pid")" 2>/dev/null; then
    die "already running (gunicorn pid $(cat "$RUN_DIR/gunicorn.pid")); stop it first."
fi

say "collecting static files and migrating the database"
"$PYTHON" manage.py collectstatic --noinput -v 0
"$PYTHON" manage.py migrate --noinput -v 0

# Where Django puts static and media files and the built feeds: ask it rather than guess. The same process
# writes the page nginx shows while gunicorn is down beside the static files
# (manage.py write_error_pages: STATIC_ROOT/errors/), saving one more start of Django.
read -r STATIC_ROOT MEDIA_ROOT FEEDS_ROOT < <("$PYTHON" -c '
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("write_error_pages")
print(settings.STATIC_ROOT, settings.MEDIA_ROOT, settings.FEEDS_ROOT)
')
[ -n "${FEEDS_ROOT:-}" ] || die "could not read STATIC_ROOT, MEDIA_ROOT and FEEDS_ROOT from Django (see above)."
mkdir -p "$MEDIA_ROOT"

# A unix socket path must fit in 107 bytes; fall back to a short private directory.
SOCKET="$RUN_DIR/gunicorn.sock"
TCP_BIND=""
case "${GUNICORN_BIND:-}" in
    unix:* | "") ;;
    *:*) TCP_BIND="$GUNICORN_BIND" ;;
    *) die "GUNICORN_BIND must be host:port (or unset for a unix socket), got '$GUNICORN_BIND'." ;;
esac
if [ -z "$TCP_BIND" ] && [ "${#SOCKET}" -gt 100 ]; then
    SOCKET_DIR="$(mktemp -d /tmp/newsroom-serve.XXXXXX)"
    SOCKET="$SOCKET_DIR/gunicorn.sock"
fi

# Started by root, nginx would run its workers as "nobody"; run them as the invoking user.
USER_DIRECTIVE=""
if [ "$(id -u)" = "0" ]; then
    USER_DIRECTIVE="user $(id -un) $(id -gn);"
fi

# Pages cached by an earlier run may belong to another database: start empty.
rm -rf "$CACHE_DIR"
mkdir -p "$CACHE_DIR"

# Brotli when Debian's module is installed (apt-get install libnginx-mod-http-brotli-filter);
# gzip alone otherwise. The types are the gzip_types of the server block.
LOAD_MODULES=""
rm -f "$NGINX_DIR/conf.d/brotli.conf"
if [ -f "$NGINX_MODULES_DIR/ngx_http_brotli_filter_module.so" ]; then
    LOAD_MODULES="load_module $NGINX_MODULES_DIR/ngx_http_brotli_filter_module.so;"
    cat >"$NGINX_DIR/conf.d/brotli.conf" <<'BROTLI'
brotli on;
brotli_comp_level 5;
brotli_min_length 256;
brotli_types
    text/plain text/css text/xml text/javascript text/calendar
    application/javascript application/json application/ld+json application/xml
    application/rss+xml application/atom+xml application/manifest+json
    application/vnd.ms-fontobject font/ttf font/otf image/svg+xml image/x-icon;
BROTLI
fi

LOG_FORMAT_NGINX=newsroom
[ "${LOG_FORMAT:-}" = "json" ] && LOG_FORMAT_NGINX=newsroom_json

"$PYTHON" site/nginx/render.py site/nginx/nginx.conf.template "$NGINX_DIR/nginx.conf" \
    "NEWSROOM_NGINX_PREFIX=$NGINX_DIR" \
    "NEWSROOM_NGINX_USER_DIRECTIVE=$USER_DIRECTIVE" \
    "NEWSROOM_NGINX_LOAD_MODULES=$LOAD_MODULES" \
    "NEWSROOM_NGINX_LOG_FORMAT=$LOG_FORMAT_NGINX"
"$PYTHON" site/nginx/render.py site/nginx/newsroom.conf.template \
    "$NGINX_DIR/conf.d/newsroom.conf" \
    "NEWSROOM_LISTEN=127.0.0.1:$PORT" \
    "NEWSROOM_SERVER_NAME=_" \
    "NEWSROOM_UPSTREAM=${TCP_BIND:-unix:$SOCKET}" \
    "NEWSROOM_STATIC_ROOT=$STATIC_ROOT" \
    "NEWSROOM_MEDIA_ROOT=$MEDIA_ROOT" \
    "NEWSROOM_FEEDS_ROOT=$FEEDS_ROOT" \
    "NEWSROOM_SITE_URL=$SITE_URL" \
    "NEWSROOM_WEBSUB_HUB_URL=${WEBSUB_HUB_URL:-}" \
    "NEWSROOM_CACHE_PATH=$CACHE_DIR"

NGINX_ARGS=(-p "$NGINX_DIR/" -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/logs/error.log")
"$NGINX" -t -q "${NGINX_ARGS[@]}" || die "the rendered nginx configuration is invalid."

GUNICORN_PID=""
NGINX_PID=""
BACKOFF_PID=""
cleanup() {
    trap - EXIT INT TERM
    say "stopping"
    [ -n "$BACKOFF_PID" ] && kill "$BACKOFF_PID" 2>/dev/null
    [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null
    [ -n "$GUNICORN_PID" ] && kill -TERM "$GUNICORN_PID" 2>/dev/null
    wait 2>/dev/null
    rm -f "$RUN_DIR/gunicorn.pid"
    [ -n "${SOCKET_DIR:-}" ] && rm -rf "$SOCKET_DIR"
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_gunicorn() {
    GUNICORN_BIND="${TCP_BIND:-unix:$SOCKET}" "$VENV_BIN/gunicorn" \
        -c site/gunicorn/gunicorn.conf.py \
        --pid "$RUN_DIR/gunicorn.pid" \
        newsroom.wsgi:application &
    GUNICORN_PID=$!
    GUNICORN_STARTED=$SECONDS
}
start_gunicorn

# nginx starts once gunicorn listens, so its first requests do not hit a missing socket.
for _ in $(seq 1 240); do
    if [ -n "$TCP_BIND" ]; then
        "$PYTHON" -c 'import socket, sys; h, p = sys.argv[1].rsplit(":", 1); socket.create_connection((h.strip("[]"), int(p)), 1).close()' \
            "$TCP_BIND" 2>/dev/null && break
    elif [ -S "$SOCKET" ]; then
        break
    fi
    kill -0 "$GUNICORN_PID" 2>/dev/null || die "gunicorn did not start; see the log above."
    sleep 0.25
done

"$NGINX" "${NGINX_ARGS[@]}" -g 'daemon off;' &
NGINX_PID=$!

# Ready when gunicorn answers /healthz through nginx (a 503 names the failing check).
ready=""
for _ in $(seq 1 120); do
    kill -0 "$GUNICORN_PID" 2>/dev/null || break
    kill -0 "$NGINX_PID" 2>/dev/null || break
    if "$PYTHON" -c 'import sys, urllib.request as u; u.urlopen(sys.argv[1], timeout=10)' \
        "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
        ready=1
        break
    fi
    sleep 0.5
done
[ -n "$ready" ] || say "warning: /healthz did not answer 200 yet; see the log above."

cat <<EOF

  Newsroom (production settings): http://127.0.0.1:$PORT/   admin: http://127.0.0.1:$PORT/admin/
  nginx config: $NGINX_DIR/   access log: $NGINX_DIR/logs/access.log
  health: http://127.0.0.1:$PORT/healthz
  Ctrl-C stops nginx and gunicorn.

EOF

# Supervise: gunicorn is started again whenever it exits; nginx exiting ends the run (the
# EXIT trap stops gunicorn). The delay doubles while gunicorn keeps dying within a minute of
# its start (a broken deploy must not spin), and starts over at 1 s after a longer run.
set +e
delay=1
while true; do
    wait -n "$GUNICORN_PID" "$NGINX_PID"
    status=$?
    if ! kill -0 "$NGINX_PID" 2>/dev/null; then
        say "nginx exited (status $status)"
        exit "$status"
    fi
    kill -0 "$GUNICORN_PID" 2>/dev/null && continue
    if [ $((SECONDS - GUNICORN_STARTED)) -ge 60 ]; then
        delay=1
    fi
    say "gunicorn exited (status $status); starting it again in ${delay}s" \
        "(nginx serves cached pages meanwhile)"
    # In the background, so that Ctrl-C or SIGTERM stop the run at once.
    sleep "$delay" &
    BACKOFF_PID=$!
    wait "$BACKOFF_PID"
    BACKOFF_PID=""
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
    start_gunicorn
done
