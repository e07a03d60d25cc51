"""Allow-list sanitising (nh3) of HTML that did not come from our own templates, the
cleaning of plain text a visitor submits (``clean_visitor_text``) and of text bound for XML
(``clean_xml_text``: feeds and calendars).

Rich text is whitelisted by Draftail when an editor saves it, but it also arrives through
wagtail-localize translations, imports and the API, and embed HTML comes from third-party
oEmbed providers. Both are cleaned again when rendered, so whatever is stored, a page can only
ever carry the markup below: no scripts, no event handlers, no ``style`` attributes (which the
Content-Security-Policy would block anyway) and only http(s), mailto and tel links.
"""

import re

import nh3
from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText, expand_db_html

from .i18n import BIDI_CONTROLS

URL_SCHEMES = {"http", "https", "mailto", "tel"}
GLOBAL_ATTRIBUTES = {"lang", "dir"}

RICH_TEXT_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "sup", "sub", "small", "abbr", "code",
    "a", "ol", "ul", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "span",
    "img", "figure", "figcaption",
}  # fmt: skip
RICH_TEXT_ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "a": {"href", "hreflang", "title"},
    "abbr": {"title"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding", "class"},
}

# oEmbed providers answer with an iframe (videos, audio, maps) or a blockquote with a script
# (posts): the iframe stays when it loads over https, the script never does and the quoted
# post is shown as the plain quotation it falls back to.
EMBED_TAGS = {"iframe", "blockquote", "p", "a", "br", "em", "strong", "span"}
EMBED_ATTRIBUTES = {
    "*": GLOBAL_ATTRIBUTES,
    "iframe": {
        "src",
        "width",
        "height",
        "title",
        "allow",
        "allowfullscreen",
        "frameborder",
        "loading",
        "referrerpolicy",
        "name",
    },
    "blockquote": {"cite", "class"},
    "a": {"href", "hreflang"},
}


def _https_frames_only(tag, attribute, value):
    if tag == "iframe" and attribute == "src" and not value.startswith("https://"):
        return None
    return value


# Built once: nh3.clean() converts the allow-lists into a new sanitiser on every call, which
# took seven times as long as cleaning a paragraph.
_RICH_TEXT_CLEANER = nh3.Cleaner(
    tags=RICH_TEXT_TAGS,
    attributes=RICH_TEXT_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
)
_EMBED_CLEANER = nh3.Cleaner(
    tags=EMBED_TAGS,
    attributes=EMBED_ATTRIBUTES,
    attribute_filter=_https_frames_only,
    url_schemes={"https", "http"},
    link_rel="noopener",
)


def clean_rich_text(html):
    """Expanded rich text (links and documents already resolved) reduced to safe markup."""
    return _RICH_TEXT_CLEANER.clean(str(html or ""))


def rich_text_html(value):
    """A RichText value or a rich text field's source, expanded (links and documents resolved)
    and cleaned: safe to show. Expanded here rather than through Wagtail's ``|richtext``, whose
    wrapper template adds nothing the cleaning keeps."""
    source = value.source if isinstance(value, RichText) else str(value or "")
    if not source:
        return ""
    return mark_safe(clean_rich_text(expand_db_html(source)))


def clean_embed(html):
    """Provider embed HTML reduced to an https iframe or a plain quotation."""
    return _EMBED_CLEANER.clean(str(html or ""))


# Characters XML 1.0 cannot carry (C0 controls but tab and newlines, lone surrogates,
# U+FFFE/U+FFFF): dropped, so one bad title never breaks a feed or a calendar.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean_xml_text(value):
    """``value`` as text that XML (and JSON in UTF-8) can carry; ``None`` becomes ``""``."""
    if value is None:
        return ""
    return _NOT_XML.sub("", str(value))


# Characters nobody types and that do harm where a visitor's text goes next: C0 controls (a
# vertical tab makes the editors' XLSX export invalid XML, CR/LF split mail headers), DEL and
# the C1 controls, the line and paragraph separators (line breaks to JavaScript and some mail
# clients, not to a form), and the bidi embedding, override and isolate controls (a name that
# reverses the text after it in an admin list or an export). Tab and line feed stay where a
# field has several lines.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
_VISITOR_CONTROLS = re.compile(f"[{_CONTROLS}]|{BIDI_CONTROLS.pattern}")
_VISITOR_CONTROLS_ONE_LINE = re.compile(f"[\t\n{_CONTROLS}]|{BIDI_CONTROLS.pattern}")


def has_controls(text, *, multiline=False):
    """True when ``text`` holds a character ``clean_visitor_text`` would remove."""
    pattern = _VISITOR_CONTROLS if multiline else _VISITOR_CONTROLS_ONE_LINE
    return bool(pattern.search(text or ""))


def clean_visitor_text(text, *, multiline=False):
    """``text`` as a visitor typed it, without control characters (see above).

    The one cleaning of every text a visitor submits (names, organisations, answers) before
    it is stored, mailed or exported. CRLF becomes LF first; in a one-line field a tab or a
    line break is a space. ``None`` becomes ``""``.
    """
    text = str(text or "").replace("\r\n", "\n")
    if not multiline:
        text = re.sub("[\t\n\r]", " ", text)
    pattern = _VISITOR_CONTROLS if multiline else _VISITOR_CONTROLS_ONE_LINE
    return pattern.sub("", text)
