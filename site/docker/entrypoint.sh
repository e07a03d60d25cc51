#!/bin/sh
# Entry point of the newsroom image: optional start-up steps, then the command (gunicorn,
# celery worker, celery beat, manage.py ...), which replaces this shell.
#
#   DJANGO_MIGRATE=1               run `manage.py migrate` first (the web service only: one
#                                  service migrates, the others wait for it to be healthy)
#   NEWSROOM_PUBLISH_STATIC_TO=DIR copy the image's collected static files into DIR, the
#                                  volume that nginx serves /static/ from (hashed names, so
#                                  files of an older release stay valid beside the new ones)
set -eu

if [ "${DJANGO_MIGRATE:-0}" = "1" ]; then
    echo "entrypoint: migrating the database"
    python manage.py migrate --noinput
fi

if [ -n "${NEWSROOM_PUBLISH_STATIC_TO:-}" ]; then
    echo "entrypoint: publishing static files to $NEWSROOM_PUBLISH_STATIC_TO"
    mkdir -p "$NEWSROOM_PUBLISH_STATIC_TO"
    cp -R "${STATIC_ROOT:-/app/static_collected}/." "$NEWSROOM_PUBLISH_STATIC_TO/"
fi

exec "$@"
