"""Newsletter messages: rendered from templates once per content, personalised per recipient.

Every message a subscriber gets is multipart (plain text and HTML with inlined CSS), in the
subscriber's language (Arabic HTML with ``dir="rtl"`` and ``lang="ar"``), with absolute links,
the organisation's footer and the RFC 2369/8058 headers ``List-Unsubscribe`` (https and mailto)
and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``.

A digest goes to thousands of people with the same content, so it is rendered (templates, CSS
inlining, MIME serialisation) once as a ``MessageTemplate`` whose recipient-specific parts are
placeholders; each recipient's message is then a few string replacements. When the SMTP
backend sends it, even the MIME bytes are reused (see ``PersonalisedEmail``).
"""

import functools
import secrets
from email.utils import formatdate
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from newsroom.core.mail import message_id as new_message_id
from newsroom.core.mail import render, sender, sender_domain

from . import tokens

TEMPLATES = "newsletter/email"

# Per-recipient values, as placeholders in a rendered template.
PERSONAL_FIELDS = ("to", "unsubscribe_url", "preferences_url", "list_unsubscribe", "date", "mid")


TOKEN_SLOT = "newslettertokenslot"


@functools.lru_cache(maxsize=64)
def _url_pattern(name, language, site_url):
    """The absolute URL of view ``name`` in ``language``, with a slot for the token (a
    reverse() per message would cost more than the rest of the personalisation)."""
    with translation.override(language):
        return site_url + reverse(name, kwargs={"token": TOKEN_SLOT})


def subscriber_links(subscriber):
    """The signed links every message to ``subscriber`` carries, and the header built of them."""
    unsubscribe_token = tokens.make(subscriber, tokens.UNSUBSCRIBE)
    language, site_url = subscriber.language, settings.SITE_URL
    unsubscribe_url = _url_pattern("newsletter:unsubscribe", language, site_url).replace(
        TOKEN_SLOT, unsubscribe_token
    )
    preferences_url = _url_pattern("newsletter:preferences", language, site_url).replace(
        TOKEN_SLOT, tokens.make(subscriber, tokens.PREFERENCES)
    )
    mailto = (
        f"mailto:{settings.NEWSLETTER_UNSUBSCRIBE_MAILTO}"
        f"?subject={quote('unsubscribe ' + unsubscribe_token)}"
    )
    return {
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": preferences_url,
        "list_unsubscribe": f"<{unsubscribe_url}>, <{mailto}>",
    }


class PersonalisedEmail(EmailMultiAlternatives):
    """An EmailMultiAlternatives that may carry its serialised MIME bytes already.

    Django's SMTP backend only asks a message for ``message().as_bytes()``; when the bytes were
    made by substituting one recipient's values into a template's bytes, building the MIME tree
    again would be wasted work. Every other backend (locmem, file, anymail) reads the ordinary
    attributes, which are always complete.
    """

    prebuilt = None

    def message(self, *args, **kwargs):
        if self.prebuilt is not None:
            return _PrebuiltMIME(self.prebuilt)
        return super().message(*args, **kwargs)


class _PrebuiltMIME:
    def __init__(self, data):
        self.data = data

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self.data if linesep == "\r\n" else self.data.replace(b"\r\n", linesep.encode())


class MessageTemplate:
    """One rendered message for many recipients (same language, same content)."""

    def __init__(self, extra_headers=None):
        self.rendered = None
        self.from_email = settings.NEWSLETTER_FROM_EMAIL
        self.extra_headers = extra_headers or {}
        nonce = secrets.token_hex(6)
        self.placeholders = {
            name: f"nlmerge{nonce}{name.replace('_', '')}" for name in PERSONAL_FIELDS
        }
        self._prebuilt = None
        self._prebuilt_checked = False

    def _headers(self, values):
        return {
            **self.extra_headers,
            "List-Unsubscribe": values["list_unsubscribe"],
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<newsletter.{sender_domain()}>",
            "Content-Language": self.rendered.language,
            "Date": values["date"],
            "Message-ID": values["mid"],
        }

    def _email(self, values, to):
        def fill(text):
            for name in ("unsubscribe_url", "preferences_url"):
                text = text.replace(self.placeholders[name], values[name])
            return text

        email = PersonalisedEmail(
            subject=self.rendered.subject,
            body=fill(self.rendered.text),
            from_email=self.from_email,
            to=[to],
            headers=self._headers(values),
        )
        email.attach_alternative(fill(self.rendered.html), "text/html")
        return email

    def _template_bytes(self):
        """The MIME bytes with placeholders, if every placeholder survived serialisation intact
        (a body line over 998 characters would be quoted-printable encoded and could split
        one); None otherwise, and messages are then serialised one by one."""
        if not self._prebuilt_checked:
            ph = self.placeholders
            values = {
                **ph,
                "to": f"{ph['to']}@merge.invalid",
                "mid": f"<{ph['mid']}@merge.invalid>",
            }
            values["list_unsubscribe"] = ph["list_unsubscribe"]
            data = self._email(values, values["to"]).message().as_bytes(linesep="\r\n")
            expected = {
                name: self.rendered.text.count(ph[name]) + self.rendered.html.count(ph[name])
                for name in ("unsubscribe_url", "preferences_url")
            }
            expected.update({"to": 1, "list_unsubscribe": 1, "date": 1, "mid": 1})
            if all(data.count(ph[name].encode()) == count for name, count in expected.items()):
                self._prebuilt = data
            self._prebuilt_checked = True
        return self._prebuilt

    def personalise(self, address, links, message_id, smtp=False):
        """The message for one recipient. With ``smtp`` the MIME bytes are reused if possible."""
        values = {**links, "date": formatdate(localtime=False), "mid": message_id}
        if smtp and address.isascii() and "\n" not in address and "\r" not in address:
            data = self._template_bytes()
            if data is not None:
                ph = self.placeholders
                replacements = [
                    (f"{ph['to']}@merge.invalid", address),
                    (f"<{ph['mid']}@merge.invalid>", message_id),
                    (ph["list_unsubscribe"], links["list_unsubscribe"]),
                    (ph["unsubscribe_url"], links["unsubscribe_url"]),
                    (ph["preferences_url"], links["preferences_url"]),
                    (ph["date"], values["date"]),
                ]
                for placeholder, value in replacements:
                    data = data.replace(placeholder.encode(), value.encode("ascii"))
                # Only the SMTP backend sees this message, and it reads nothing but the bytes
                # and the envelope: no need to fill in the bodies a second time.
                email = PersonalisedEmail(
                    subject=self.rendered.subject,
                    from_email=self.from_email,
                    to=[address],
                )
                email.prebuilt = data
                return email
        return self._email(values, address)

    @classmethod
    def render(cls, kind, language, context, extra_headers=None):
        template = cls(extra_headers)
        ph = template.placeholders
        context = {
            **context,
            "unsubscribe_url": ph["unsubscribe_url"],
            "preferences_url": ph["preferences_url"],
        }
        template.rendered = render(kind, language, context, TEMPLATES)
        template.from_email = sender(language, settings.NEWSLETTER_FROM_EMAIL)
        return template


def single(kind, subscriber, context, message_id=None):
    """A one-off message to one subscriber (confirmation, reminder), already personalised."""
    template = MessageTemplate.render(kind, subscriber.language, context)
    links = subscriber_links(subscriber)
    message_id = message_id or new_message_id("newsletter")
    return template.personalise(subscriber.email, links, message_id)
