"""Waiting for something another process does."""

import time


def wait_for(predicate, timeout=30, interval=0.2):
    """``predicate()``'s first true value within ``timeout`` seconds, else its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
