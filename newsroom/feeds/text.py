"""The text of feeds: titles without bidi controls, and item bodies as sanitised HTML.

Everything is XML-safe first (``newsroom.core.sanitise.clean_xml_text``): one bad character in
a title must not break a whole feed.
"""

import re

import nh3
from django.conf import settings

from newsroom.core.i18n import neutralise_bidi
from newsroom.core.sanitise import clean_xml_text

# A feed item carries the page's body as the page shows it, less navigation and widgets.
CONTENT_TAGS = nh3.ALLOWED_TAGS - {"area", "map", "nav", "footer", "header", "details", "summary"}
CONTENT_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"lang", "dir", "title"},
    "time": {"datetime"},
    "img": {"alt", "width", "height", "src"},
    "a": {"href", "hreflang"},
}


def clean_title(value):
    """A title or name for a feed: XML-safe and without bidi controls (newsroom.core.i18n),
    which could reorder the text around it in a feed reader's list."""
    return clean_xml_text(neutralise_bidi(value))


def sanitise_html(html):
    """Sanitised HTML (nh3) with every relative URL made absolute against SITE_URL."""
    html = nh3.clean(
        clean_xml_text(html),
        tags=CONTENT_TAGS,
        attributes=CONTENT_ATTRIBUTES,
        url_relative=("rewrite_with_base", settings.SITE_URL + "/"),
    )
    # Template indentation means nothing in a feed; runs of blank lines only add bytes.
    return re.sub(r"\n\s*\n+", "\n", html).strip()
