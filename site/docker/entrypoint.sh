#!/bin/sh
# Entry point of the newsroom image: optional start-up steps, then the command (gunicorn,
# celery worker, celery beat, manage.py ...), which replaces this shell.
#
#   DJANGO_MIGRATE=1               run `manage.py migrate` first (the web service only: the
#                                  others wait for it to be healthy). Scaled web containers
#                                  start together; a PostgreSQL advisory lock lets one migrate
#                                  at a time, and the next ones find nothing left to do.
#   NEWSROOM_S3_CREATE_BUCKET=1    create NEWSROOM_S3_BUCKET if it does not exist, with a policy
#                                  that lets anyone read images (media/images/ and
#                                  media/original_images/) and nothing else: documents and
#                                  feeds stay private, served through Django
#   NEWSROOM_PUBLISH_STATIC_TO=DIR copy the image's collected static files into DIR, the
#                                  volume that nginx serves /static/ from (hashed names, so
#                                  files of an older release stay valid beside the new ones)
set -eu

if [ "${DJANGO_MIGRATE:-0}" = "1" ]; then
    echo "entrypoint: migrating the database"
    python - <<'PYTHON'
import django

django.setup()
from django.core.management import call_command
from django.db import connection

with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_lock(hashtext('newsroom-migrate'))")
    call_command("migrate", interactive=False)
PYTHON
fi

if [ "${NEWSROOM_S3_CREATE_BUCKET:-0}" = "1" ] && [ -n "${NEWSROOM_S3_BUCKET:-}" ]; then
    echo "entrypoint: making sure the bucket $NEWSROOM_S3_BUCKET exists"
    python - <<'PYTHON'
import json
import os

import boto3
from botocore.exceptions import ClientError

bucket = os.environ["NEWSROOM_S3_BUCKET"]
client = boto3.client(
    "s3",
    endpoint_url=os.environ.get("NEWSROOM_S3_ENDPOINT_URL") or None,
    region_name=os.environ.get("NEWSROOM_S3_REGION") or None,
)
try:
    client.head_bucket(Bucket=bucket)
except ClientError:
    client.create_bucket(Bucket=bucket)
public = [f"arn:aws:s3:::{bucket}/media/{folder}/*" for folder in ("images", "original_images")]
statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": public}
client.put_bucket_policy(
    Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]})
)
PYTHON
fi

if [ -n "${NEWSROOM_PUBLISH_STATIC_TO:-}" ]; then
    echo "entrypoint: publishing static files to $NEWSROOM_PUBLISH_STATIC_TO"
    mkdir -p "$NEWSROOM_PUBLISH_STATIC_TO"
    cp -R "${STATIC_ROOT:-/app/static_collected}/." "$NEWSROOM_PUBLISH_STATIC_TO/"
fi

exec "$@"
