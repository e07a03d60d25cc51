"""Allow-list sanitising (nh3) of HTML that did not come from our own templates.

Rich text is whitelisted by Draftail when an editor saves it, but it also arrives through
wagtail-localize translations, imports and the API, and embed HTML comes from third-party
oEmbed providers. Both are cleaned again when rendered, so whatever is stored, a page can only
ever carry the markup below: no scripts, no event handlers, no ``style`` attributes (which the
Content-Security-Policy would block anyway) and only http(s), mailto and tel links.
"""

import nh3

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


def clean_rich_text(html):
    """Expanded rich text (links and documents already resolved) reduced to safe markup."""
    return nh3.clean(
        str(html or ""),
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def clean_embed(html):
    """Provider embed HTML reduced to an https iframe or a plain quotation."""
    return nh3.clean(
        str(html or ""),
        tags=EMBED_TAGS,
        attributes=EMBED_ATTRIBUTES,
        attribute_filter=_https_frames_only,
        url_schemes={"https", "http"},
        link_rel="noopener",
    )
