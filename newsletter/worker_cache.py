"""What the batches of one send have in common (its pages, its rendered messages), kept for a
few minutes in the worker process so each is made once per send, not once per batch.

Bounded, so memory stays flat however many subscribers and batches there are.
"""

import threading
import time
from collections import OrderedDict


class WorkerCache:
    SIZE = 64
    TTL = 300

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()  # for threaded Celery pools

    def get(self, key, make):
        now = time.monotonic()
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None and entry[0] > now:
                self.entries.move_to_end(key)
                return entry[1]
        value = make()  # outside the lock: two threads may both make it, one is kept
        with self.lock:
            self.entries[key] = (now + self.TTL, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.SIZE:
                self.entries.popitem(last=False)
        return value

    def clear(self):
        with self.lock:
            self.entries.clear()


shared = WorkerCache()
