"""What the nodes of the multi-node test share: an S3 server, Redis, a database, an SMTP sink."""

import os
import subprocess
import time
from urllib.parse import urlsplit

import boto3
import pytest

from tests.support.paths import venv_tool
from tests.support.services import free_port, port_open, require

BUCKET = "newsroom-multinode"
REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "multinode", "AWS_SECRET_ACCESS_KEY": "multinode-secret"}


@pytest.fixture
def s3_server(tmp_path):
    """moto's S3 server (the real S3 protocol over HTTP) on a free port, with an empty bucket;
    stopped by its pid."""
    moto = venv_tool("moto_server")
    require("moto_server (pip install 'moto[server]')", moto.exists())
    port = free_port()
    log = open(tmp_path / "moto.log", "wb")  # noqa: SIM115 - closed in the finally below
    process = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not port_open("127.0.0.1", port):
            assert process.poll() is None, (tmp_path / "moto.log").read_text()
            assert time.monotonic() < deadline, "moto_server did not listen within 30 s"
            time.sleep(0.1)
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )
        client.create_bucket(Bucket=BUCKET)
        yield {"endpoint": endpoint, "client": client, "bucket": BUCKET}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def shared_redis_url():
    """The Redis database the run was given (REDIS_URL), db 9 of the local server otherwise."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/9"
    parts = urlsplit(url)
    require("Redis", port_open(parts.hostname or "127.0.0.1", parts.port or 6379))
    return url
