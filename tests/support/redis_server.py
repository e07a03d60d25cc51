"""A private `redis-server` on a free port for fault tests: started, killed by pid and started
again on the same port. The machine's Redis (6379) is never touched."""

import shutil
import signal
import socket
import subprocess
import time

import pytest

from tests.support.services import IN_CI, free_port


def redis_server_binary():
    binary = shutil.which("redis-server")
    if binary:
        return binary
    message = "redis-server is not installed (apt-get install -y redis-server)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


class RedisServer:
    def __init__(self, tmp_path):
        self.binary = redis_server_binary()
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        # No persistence: what the broker held when it died is gone, the worst case.
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.kill()
        pytest.fail(f"redis-server did not answer on port {self.port}")

    def kill(self):
        """SIGKILL, as a crash or an OOM kill would: no clean shutdown."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None
