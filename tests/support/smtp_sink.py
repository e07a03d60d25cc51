"""A real SMTP server (aiosmtpd) that records what it accepts, and the backend that mails it."""

import asyncio
import email
import threading
from email import policy

from aiosmtpd.controller import Controller

from tests.support.services import free_port

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class Recorder:
    """aiosmtpd handler. ``stall_on``: addresses whose first message is held before the server
    answers DATA (until ``release()``), then refused, like a server that never accepted it.
    ``refuse``: address → (code, text) answered to RCPT TO."""

    def __init__(self, stall_on=None, refuse=None, keep=True):
        self.messages = []
        self.count = 0
        self.keep = keep
        self.stall_on = {address.lower() for address in (stall_on or ())}
        self.refuse = {address.lower(): reply for address, reply in (refuse or {}).items()}
        self.stalled = threading.Event()
        self._release = threading.Event()
        self.lock = threading.Lock()

    def release(self):
        self._release.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.refuse.get(address.lower())
        if reply:
            return f"{reply[0]} {reply[1]}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        held = self.stall_on & {address.lower() for address in envelope.rcpt_tos}
        if held:
            self.stall_on -= held  # only the first message to it is held
            self.stalled.set()
            while not self._release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 not accepted"
        with self.lock:
            self.count += 1
            if self.keep:
                self.messages.append((list(envelope.rcpt_tos), bytes(envelope.content or b"")))
        return "250 OK"

    def parsed(self):
        with self.lock:
            return [
                (rcpts, email.message_from_bytes(data, policy=policy.default))
                for rcpts, data in self.messages
            ]

    def to(self, address):
        address = address.lower()
        return [m for rcpts, m in self.parsed() if address in {r.lower() for r in rcpts}]


class Sink:
    def __init__(self, **options):
        self.handler = Recorder(**options)
        self.port = free_port()
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, data_size_limit=0
        )

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.handler.release()
        self.controller.stop()
