"""What every email the site sends has in common (newsletter, event registrations).

``render`` makes a message's subject, plain text and HTML from ``<templates>/<kind>_subject.txt``,
``<kind>.txt`` and ``<kind>.html`` in the reader's language; the HTML extends the one layout,
``email/base.html`` (the organisation's name and footer, right-to-left for a right-to-left
language such as Arabic), and its CSS is inlined, since many mail clients ignore a
``<style>`` element.

Messages come from the organisation: ``sender`` puts its name in the reader's language
(``newsroom.core.organisation``) before the configured address.
"""

import uuid
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .i18n import is_rtl, neutralise_bidi, text_direction
from .identifiers import stable_uuid
from .organisation import profile_for

_inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)

RLM = "\u200f"


def normalise_email(address):
    """An address as stored and compared: trimmed and lower-cased.

    Lower-cased rather than case-folded: the newsletter writes to the address it stores, and
    case folding changes letters, not only their case (``ß`` becomes ``ss``), which could name
    another mailbox; lower-casing is enough to find the same person typing it differently.
    """
    return (address or "").strip().lower()


def sender_domain():
    """The domain of DEFAULT_FROM_EMAIL, for Message-IDs and List-Ids."""
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"


def site_domain():
    """The host of SITE_URL: the domain the site's messages come from."""
    return urlsplit(settings.SITE_URL).hostname or sender_domain()


def message_id(kind, *stable):
    """A Message-ID on the site's domain, ``<kind.uuid@host>``, unique for ever: a random
    uuid, or with ``stable`` parts one derived from them, so that a message sent again (a
    retried delivery) keeps its id. Stable parts must outlive a database reset: a primary key
    alone starts again at 1, so give a creation time with it."""
    unique = stable_uuid(kind, *stable) if stable else uuid.uuid4()
    return f"<{kind}.{unique.hex}@{site_domain()}>"


def clean_text(value):
    """Text safe to put in an email: no bidi overrides (they could reorder the text around it
    in a mail client; newsroom.core.i18n)."""
    return neutralise_bidi(value or "")


def clean_line(value):
    """``clean_text`` on one line, runs of white space made one space (a subject, a title)."""
    return " ".join(clean_text(value).split())


def sender(language, configured=None):
    """``Name <address>``: the organisation's name in ``language`` before the address of
    ``configured`` (DEFAULT_FROM_EMAIL unless given). A name written in the setting is used
    only while the organisation has no profile yet."""
    configured_name, address = parseaddr(configured or settings.DEFAULT_FROM_EMAIL)
    profile = profile_for(language)
    name = profile.name if profile.exists else (configured_name or profile.name)
    # Address() quotes a name with commas or quotes; Django encodes non-ASCII when sending.
    return str(Address(display_name=clean_line(name), addr_spec=address))


@dataclass
class Rendered:
    subject: str
    text: str
    html: str
    language: str


def render(kind, language, context, templates):
    """Subject, plain text and HTML (CSS inlined) of message ``kind`` from the directory
    ``templates``, in ``language``."""
    organisation = profile_for(language)
    with translation.override(language):
        context = {
            "language": language,
            "direction": text_direction(language),
            "align": "right" if is_rtl(language) else "left",
            "brand": organisation.name,
            "organisation": organisation,
            "site_url": settings.SITE_URL,
            "postal_address": organisation.address_line or settings.NEWSLETTER_POSTAL_ADDRESS,
            **context,
        }
        subject = clean_line(render_to_string(f"{templates}/{kind}_subject.txt", context))
        context["subject"] = subject
        text = render_to_string(f"{templates}/{kind}.txt", context)
        html = render_to_string(f"{templates}/{kind}.html", context)
    html = _inliner.inline(html)
    text = tidy_text(text, language)
    return Rendered(subject=subject, text=text, html=html, language=language)


def tidy_text(text, language):
    """Collapse template blank lines; in right-to-left languages start each line with RLM, so
    a line opening with a link or a number still reads (and aligns) right to left."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy = []
    for line in lines:
        if not line and tidy and not tidy[-1]:
            continue
        tidy.append(line)
    if is_rtl(language):
        tidy = [RLM + line if line else line for line in tidy]
    return "\n".join(tidy) + "\n"
