"""Live services a test needs: a skip on a laptop without them, a failure in CI."""

import os
import socket

import pytest

IN_CI = bool(os.environ.get("CI"))


def require(service, available):
    """Skip when a live service is missing on a laptop; in CI that is a failure."""
    if available:
        return
    message = f"{service} is not reachable"
    if IN_CI:
        pytest.fail(message + " (CI must provide it)")
    pytest.skip(message)


def port_open(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
