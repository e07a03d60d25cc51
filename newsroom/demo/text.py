"""Bilingual building blocks for the demo content.

Every text is written once as a ``T`` pair (English, Arabic). A page body is raw StreamField
data whose leaves are such pairs; ``localise`` turns it into the data of one language. Both
languages get the same block ids, so wagtail-localize finds each Arabic string at the same
content path as the English string it translates.
"""

import uuid
from dataclasses import dataclass, field

# Block ids are derived from the page key so that every run builds identical bodies.
BLOCK_NAMESPACE = uuid.UUID("0f6f4b7e-3c59-4d55-a3c1-6f0d8f0f1a2b")


@dataclass(frozen=True)
class T:
    """One text in both languages."""

    en: str
    ar: str

    def get(self, language):
        return getattr(self, language)


@dataclass(frozen=True)
class ImageRef:
    """An image of the demo library, by its key in ``media.IMAGES``; resolved to a pk late."""

    key: str


@dataclass
class PageSpec:
    """What one English page and its Arabic translation contain.

    ``key`` is the English slug and the idempotency key. ``fields`` holds model fields whose
    values may be ``T`` pairs. Relations are named by the keys of other demo objects.
    """

    key: str
    model: str
    title: T
    fields: dict = field(default_factory=dict)
    body: list = field(default_factory=list)
    days_ago: int = 0
    image: str | None = None
    topics: tuple = ()
    related: tuple = ()
    issued_by: str | None = None
    co_signatories: tuple = ()
    organisers: tuple = ()
    # Statements and reports get a full-text PDF in each language.
    document: bool = False
    # Shown in English only: no Arabic translation is made (the hreflang demonstration).
    english_only: bool = False
    # Events: days from today (negative: past), local start time, duration, time zone.
    schedule: tuple | None = None
    children: list = field(default_factory=list)
    # Events: the questions of the sign-up form, as dicts of RegistrationQuestion fields
    # (``label``, ``help_text`` and ``choices`` as ``T`` pairs; ``kind``, ``required``).
    questions: tuple = ()
    # Events that take sign-ups: SignUpSettings fields besides ``enabled`` (None: no sign-ups).
    sign_ups: dict | None = None


def localise(value, language, images=None):
    """Replace every ``T`` in ``value`` by its text in ``language`` and images by their pk."""
    if isinstance(value, T):
        return value.get(language)
    if isinstance(value, ImageRef):
        return images[value.key].pk
    if isinstance(value, dict):
        return {key: localise(item, language, images) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [localise(item, language, images) for item in value]
    return value


def block_id(*parts):
    return str(uuid.uuid5(BLOCK_NAMESPACE, "/".join(str(part) for part in parts)))


def with_ids(page_key, blocks):
    """Raw stream data for ``blocks`` (pairs of type and value) with stable ids."""
    stream = []
    for index, (block_type, value) in enumerate(blocks):
        if block_type == "key_figures":
            value = dict(value)
            value["figures"] = [
                {"type": "item", "value": figure, "id": block_id(page_key, index, number)}
                for number, figure in enumerate(value["figures"])
            ]
        stream.append({"type": block_type, "value": value, "id": block_id(page_key, index)})
    return stream


# --- Body blocks. Each returns (block type, raw value with T leaves).


def paragraph(*paragraphs):
    """A rich text block; each pair becomes one <p> (one translatable string)."""
    return (
        "paragraph",
        T(
            "".join(f"<p>{text.en}</p>" for text in paragraphs),
            "".join(f"<p>{text.ar}</p>" for text in paragraphs),
        ),
    )


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def quote(text, attribution):
    return ("quote", {"text": text, "attribution": attribution})


ILLUSTRATION_CREDIT = T("Illustration: Newsroom demo", "رسم توضيحي: المحتوى التجريبي")


def image(key, alt_text, caption, credit=ILLUSTRATION_CREDIT):
    return (
        "image",
        {"image": ImageRef(key), "alt_text": alt_text, "caption": caption, "credit": credit},
    )


def key_figures(title, figures, source):
    """``figures``: pairs of (figure, label); a figure is a plain string or a ``T``."""
    return (
        "key_figures",
        {
            "title": title,
            "figures": [{"figure": figure, "label": label} for figure, label in figures],
            "source": source,
        },
    )


def table(caption, columns, rows):
    """A typed table. ``columns``: (column type, heading ``T``); ``rows``: lists of cells."""
    return (
        "table",
        {
            "caption": caption,
            "table": {
                "columns": [{"type": kind, "heading": title} for kind, title in columns],
                "rows": [{"values": list(row)} for row in rows],
                "caption": "",
            },
        },
    )
