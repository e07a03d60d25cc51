"""The artefact store: built feeds and calendars as plain files under FEEDS_ROOT.

``FEEDS_ROOT/en/all.rss`` is exactly the body served at ``/en/feeds/all.rss``, so nginx could
serve the directory too. Each artefact is written to a temporary file in the same directory
and moved into place with ``os.replace``: a reader sees the old file or the new one, never a
mix. Its ETag and Last-Modified come from that one file (modification time in nanoseconds and
size), so they change with it atomically; an unchanged rebuild does not touch the file and
keeps both.

Beside the artefacts, ``FEEDS_ROOT/.meta/<key>.json`` records for each feed the pages it
holds (to know which feeds a later change affects), when its content last changed and how
many times it was built.

With object storage (``STORAGES["feeds"]``, set by NEWSROOM_S3_BUCKET) the same keys live in
the bucket through Django's storage API instead (``ObjectArtefactStore``): a PUT replaces an
object atomically too, Last-Modified comes from the object, and the one-builder-at-a-time lock
is a Redis lock, since builders then run on several machines.
"""

import contextlib
import fcntl
import json
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import redis
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.http import http_date

META_DIR = ".meta"
LOCK_FILE = ".lock"


@dataclass
class Artefact:
    body: bytes
    mtime_ns: int
    size: int

    @property
    def etag(self):
        """nginx's ETag for the same file ("<mtime hex seconds>-<size hex>"): nginx sends
        artefacts from disk itself, and a reader switching between the two must see one tag."""
        return f'"{self.last_modified:x}-{self.size:x}"'

    @property
    def last_modified(self):
        """Whole seconds, as HTTP dates carry."""
        return self.mtime_ns // 1_000_000_000

    @property
    def last_modified_http(self):
        return http_date(self.last_modified)

    @property
    def modified_at(self):
        return datetime.fromtimestamp(self.last_modified, UTC)


class ArtefactStore:
    def __init__(self, root):
        self.root = Path(root)

    def path(self, relpath):
        if relpath.startswith("/") or ".." in relpath.split("/"):
            raise ValueError(f"{relpath!r} is outside the feed store")
        return self.root / relpath

    # --- Artefacts.

    def open(self, relpath):
        """The artefact at ``relpath`` or None; body and ETag always belong together."""
        try:
            with open(self.path(relpath), "rb") as handle:
                stat = os.fstat(handle.fileno())
                return Artefact(handle.read(), stat.st_mtime_ns, stat.st_size)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None

    def write(self, relpath, data):
        """Store ``data`` atomically; return False (and leave the file alone) if unchanged."""
        path = self.path(relpath)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return False
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        return True

    def remove(self, relpath):
        """Delete an artefact; True if there was one."""
        try:
            self.path(relpath).unlink()
            return True
        except FileNotFoundError:
            return False

    # --- Metadata about each feed key.

    def meta_path(self, key):
        return self.path(f"{META_DIR}/{key}.json")

    def read_meta(self, key):
        try:
            return json.loads(self.meta_path(key).read_text())
        except (FileNotFoundError, ValueError):
            return {}

    def write_meta(self, key, meta):
        self.write(f"{META_DIR}/{key}.json", json.dumps(meta, sort_keys=True).encode())

    def remove_meta(self, key):
        self.remove(f"{META_DIR}/{key}.json")

    def stored_keys(self, language):
        """Feed keys of ``language`` that have been built (calendars of single events excluded)."""
        base = self.path(f"{META_DIR}/{language}")
        keys = []
        for path in sorted(base.glob("*.json")) + sorted(base.glob("topics/*.json")):
            keys.append(f"{language}/{path.relative_to(base).as_posix()[: -len('.json')]}")
        return keys

    def stored_event_keys(self, language):
        base = self.path(f"{META_DIR}/{language}/events")
        return [
            f"{language}/events/{path.name[: -len('.json')]}"
            for path in sorted(base.glob("*.json"))
        ]

    def builds(self, key):
        """How many times ``key`` has been built (tests count coalescing with it)."""
        return self.read_meta(key).get("builds", 0)

    @contextlib.contextmanager
    def lock(self):
        """One builder at a time per store, across processes (an flock on FEEDS_ROOT/.lock).

        A build that started before a publish must not overwrite the artefact of one that
        started after it; serialising builds makes the later build also the later write.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILE, "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class ObjectArtefactStore(ArtefactStore):
    """The store in a Django storage (an S3 bucket): the same interface, no shared disk.

    ``root`` stays FEEDS_ROOT, a local directory used only for the build lock when there is
    no Redis (one machine then, so a file lock covers every process).
    """

    # A stale reader retries this often when the object changed between its two looks.
    READ_ATTEMPTS = 3

    def __init__(self, storage, root):
        super().__init__(root)
        self.storage = storage

    def name(self, relpath):
        self.path(relpath)  # the same refusal of absolute and parent paths
        return relpath

    def _modified_ns(self, name):
        return int(self.storage.get_modified_time(name).timestamp()) * 1_000_000_000

    def open(self, relpath):
        """Body and ETag from one version: the modification time is read before and after."""
        name = self.name(relpath)
        for _attempt in range(self.READ_ATTEMPTS):
            try:
                with self.storage.open(name, "rb") as handle:  # FileNotFoundError if missing
                    before = self._modified_ns(name)
                    body = handle.read()
            except FileNotFoundError:
                return None
            if self._modified_ns(name) == before:
                return Artefact(body, before, len(body))
        return None

    def _read(self, name):
        try:
            with self.storage.open(name, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def write(self, relpath, data):
        name = self.name(relpath)
        current = self._read(name)
        if current == data:
            return False
        if current is not None:
            # Last-Modified has whole seconds: a second version within the same second as
            # the first would keep its ETag if its size is the same, so it waits for the next.
            previous = self._modified_ns(name) // 1_000_000_000
            if previous >= int(time.time()):
                time.sleep(previous + 1 - time.time())
        self.storage.save(name, ContentFile(data))
        return True

    def remove(self, relpath):
        name = self.name(relpath)
        if not self.storage.exists(name):
            return False
        self.storage.delete(name)
        return True

    def read_meta(self, key):
        try:
            return json.loads(self._read(self.name(f"{META_DIR}/{key}.json")) or b"{}")
        except ValueError:
            return {}

    def _listed(self, directory):
        try:
            return self.storage.listdir(directory)[1]
        except FileNotFoundError:  # a file-system storage without that directory yet
            return []

    def stored_keys(self, language):
        base = f"{META_DIR}/{language}"
        names = sorted(self._listed(base)) + [
            f"topics/{name}" for name in sorted(self._listed(f"{base}/topics"))
        ]
        return [f"{language}/{name[: -len('.json')]}" for name in names if name.endswith(".json")]

    def stored_event_keys(self, language):
        names = sorted(self._listed(f"{META_DIR}/{language}/events"))
        return [f"{language}/events/{name[: -len('.json')]}" for name in names]

    @contextlib.contextmanager
    def lock(self):
        """One builder at a time across machines: a Redis lock when there is Redis."""
        if not settings.REDIS_URL:
            with super().lock():
                yield
            return
        client = redis.Redis.from_url(settings.REDIS_URL)
        # Longer than any build (a task's hard time limit), so only a dead builder's expires.
        timeout = settings.CELERY_TASK_TIME_LIMIT
        with client.lock(f"newsroom:feeds:{store_id()}:lock", timeout=timeout):
            yield


def store_id():
    """Names the store shared by every process that builds or serves these feeds."""
    if "feeds" in settings.STORAGES:
        options = settings.STORAGES["feeds"].get("OPTIONS", {})
        return f"{options.get('bucket_name', '')}/{options.get('location', '')}"
    return str(settings.FEEDS_ROOT)


def get_store():
    if "feeds" in settings.STORAGES:
        return ObjectArtefactStore(storages["feeds"], settings.FEEDS_ROOT)
    return ArtefactStore(settings.FEEDS_ROOT)
