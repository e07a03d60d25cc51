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
"""

import contextlib
import fcntl
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
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


def get_store():
    return ArtefactStore(settings.FEEDS_ROOT)
