"""The feed artefact store in an S3 bucket (moto's server): the same contract as on disk."""

import threading
import time

import pytest
import redis
from django.core.files.storage import storages
from storages.backends.s3 import S3Storage

from newsroom.feeds import pending
from newsroom.feeds.store import ArtefactStore, ObjectArtefactStore, get_store, store_id
from tests.multinode.conftest import CREDENTIALS, REGION


def bucket_options(s3_server):
    return {
        "bucket_name": s3_server["bucket"],
        "endpoint_url": s3_server["endpoint"],
        "region_name": REGION,
        "access_key": CREDENTIALS["AWS_ACCESS_KEY_ID"],
        "secret_key": CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        "querystring_auth": False,
        "default_acl": None,
    }


@pytest.fixture
def store(s3_server, tmp_path):
    storage = S3Storage(**bucket_options(s3_server), location="feeds", file_overwrite=True)
    return ObjectArtefactStore(storage, tmp_path / "feeds")


def test_artefacts_are_written_once_and_read_with_their_etag(store, s3_server):
    assert store.open("en/all.rss") is None
    assert store.write("en/all.rss", b"<rss>one</rss>") is True
    assert store.write("en/all.rss", b"<rss>one</rss>") is False  # unchanged: left alone
    first = store.open("en/all.rss")
    assert first.body == b"<rss>one</rss>" and first.size == 14
    keys = s3_server["client"].list_objects_v2(Bucket=s3_server["bucket"])["Contents"]
    assert [item["Key"] for item in keys] == ["feeds/en/all.rss"]

    # Same size, same second: the new version still gets another ETag (it waits a second).
    started = time.monotonic()
    assert store.write("en/all.rss", b"<rss>two</rss>") is True
    second = store.open("en/all.rss")
    assert second.body == b"<rss>two</rss>"
    assert second.etag != first.etag
    assert second.last_modified > first.last_modified
    assert time.monotonic() - started < 2

    assert store.remove("en/all.rss") is True
    assert store.remove("en/all.rss") is False
    assert store.open("en/all.rss") is None
    with pytest.raises(ValueError):
        store.open("../media/documents/secret.pdf")


def test_metadata_and_the_list_of_built_feeds(store):
    assert store.read_meta("en/all") == {}
    store.write_meta("en/all", {"builds": 3, "pages": [1, 2]})
    store.write_meta("en/topics/detention", {"builds": 1})
    store.write_meta("en/events/abc", {"builds": 1})
    store.write_meta("ar/all", {"builds": 1})
    assert store.read_meta("en/all") == {"builds": 3, "pages": [1, 2]}
    assert store.builds("en/all") == 3
    assert store.stored_keys("en") == ["en/all", "en/topics/detention"]
    assert store.stored_event_keys("en") == ["en/events/abc"]
    assert store.stored_keys("ar") == ["ar/all"]
    store.remove_meta("en/all")
    assert store.stored_keys("en") == ["en/topics/detention"]


def test_settings_choose_the_store_and_name_its_queue(settings, s3_server, tmp_path):
    settings.FEEDS_ROOT = tmp_path / "feeds"
    assert type(get_store()) is ArtefactStore
    on_disk = pending.namespace()

    settings.STORAGES = {
        **settings.STORAGES,
        "feeds": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**bucket_options(s3_server), "location": "feeds"},
        },
    }
    store = get_store()
    assert isinstance(store, ObjectArtefactStore)
    assert store.storage is storages["feeds"]
    assert store_id() == f"{s3_server['bucket']}/feeds"
    # Every node's FEEDS_ROOT differs; the queue of pending rebuilds must not.
    in_bucket = pending.namespace()
    settings.FEEDS_ROOT = tmp_path / "elsewhere"
    assert pending.namespace() == in_bucket != on_disk


def test_builders_on_several_machines_take_turns(store, settings, shared_redis_url):
    """The build lock is in Redis: a second builder waits until the first is done."""
    settings.REDIS_URL = shared_redis_url
    redis.Redis.from_url(shared_redis_url).ping()
    order = []
    inside = threading.Event()

    def second_builder():
        inside.wait(10)
        with store.lock():
            order.append("second")

    thread = threading.Thread(target=second_builder)
    thread.start()
    with store.lock():
        inside.set()
        time.sleep(0.5)
        order.append("first")
    thread.join(10)
    assert order == ["first", "second"]
