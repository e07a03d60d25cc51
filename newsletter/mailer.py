"""The connection a batch sends its messages over, and what each kind of failure means for
the message and the connection."""

import contextlib
import smtplib

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address

MAX_CONNECTION_FAILURES = 3  # in a row: the server is down, stop the batch and come back later
# 5xx replies to DATA that are about the mailbox, not the message: the address is dead.
MAILBOX_GONE = {550, 551, 553}


def newsletter_connection(**kwargs):
    """The backend newsletter mail goes through: NEWSLETTER_EMAIL_BACKEND or EMAIL_BACKEND."""
    return get_connection(settings.NEWSLETTER_EMAIL_BACKEND or None, **kwargs)


def uses_smtp(connection):
    return isinstance(connection, SMTPBackend)


class Mailer:
    """One connection to the newsletter backend for a batch; knows what a failure means."""

    def __init__(self):
        self.connection = newsletter_connection()
        self.smtp = uses_smtp(self.connection)
        self.opened = False
        self.failures_in_a_row = 0
        self.envelope_from = sanitize_address(settings.NEWSLETTER_FROM_EMAIL, "utf-8")

    def send(self, email):
        if not self.opened:
            self.connection.open()
            self.opened = True
        if self.smtp and email.prebuilt is not None and self.connection.connection:
            # Serialised already (emails.PersonalisedEmail): straight to smtplib, as
            # Django's backend would, without re-checking addresses checked when it was made.
            self.connection.connection.sendmail(self.envelope_from, email.to, email.prebuilt)
        else:
            self.connection.send_messages([email])
        self.failures_in_a_row = 0

    def reset(self):
        self.failures_in_a_row += 1
        self.close()

    @property
    def broken(self):
        return self.failures_in_a_row >= MAX_CONNECTION_FAILURES

    def close(self):
        if self.opened:
            with contextlib.suppress(Exception):  # closing a dead connection
                self.connection.close()
            self.opened = False


def classify(exc):
    """'bounce' (the address is dead), 'fail' (this message can never go), 'retry', 'reset'
    (retry, over a new connection) or None (not a mail error: let it raise)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return "bounce" if codes and all(500 <= code < 600 for code in codes) else "retry"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return "reset"  # our side is refused: nothing in this batch will go
    if isinstance(exc, smtplib.SMTPResponseException):
        if 500 <= exc.smtp_code < 600:
            return "bounce" if exc.smtp_code in MAILBOX_GONE else "fail"
        return "retry"
    if isinstance(exc, AnymailRecipientsRefused):
        return "bounce"
    if isinstance(exc, AnymailAPIError):
        return "retry"
    if isinstance(exc, (smtplib.SMTPException, OSError)):
        return "reset"
    return None
