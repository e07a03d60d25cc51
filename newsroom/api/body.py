"""Article bodies for the API: StreamField blocks as JSON and as sanitised HTML.

Both come from one cleaned copy of the body in which links to pages a reader cannot see
(drafts, private pages) have lost their target, so neither leaks a hidden page's address.
"""

import re
from decimal import Decimal
from urllib.parse import urljoin

import nh3
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.rewriters import extract_attrs

from .links import absolute

RENDITIONS = ("width-480", "width-800", "width-1200")

_A_TAG = re.compile(r"<a(\b[^>]*)>")

TAGS = {
    "p", "br", "b", "strong", "i", "em", "sup", "sub", "a", "ul", "ol", "li", "h2", "h3",
    "h4", "blockquote", "figure", "figcaption", "img", "table", "caption", "thead", "tbody",
    "tr", "th", "td", "section", "div", "span",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
_URL_ATTRIBUTES = {"href", "src"}


def _absolute_urls(tag, attribute, value):
    """nh3 attribute filter: relative links and image sources become absolute."""
    base = settings.SITE_URL + "/"
    if attribute in _URL_ATTRIBUTES:
        return urljoin(base, value)
    if attribute == "srcset":
        candidates = (part.strip().split(" ", 1) for part in value.split(","))
        return ", ".join(" ".join([urljoin(base, c[0]), *c[1:]]) for c in candidates if c[0])
    return value


_CLEANER = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_absolute_urls)


def sanitise(html):
    return _CLEANER.clean(html)


def _strings(data):
    """Every string in nested lists and dicts (rich text sources, StreamField raw JSON)."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)
    elif isinstance(data, dict):
        for item in data.values():
            yield from _strings(item)


class HiddenLinks:
    """Knows which pages linked from rich text a reader may see (one query per page body)."""

    def __init__(self, visible, *sources):
        ids = set()
        for text in _strings(sources):
            for attrs in self._page_links(text):
                if attrs.get("id", "").isdigit():
                    ids.add(int(attrs["id"]))
        linked = Page.objects.filter(visible, pk__in=ids).values_list("pk", "expire_at")
        expiries = dict(linked) if ids else {}
        self.visible_ids = {str(pk) for pk in expiries}
        # A linked page that will expire changes the body when it does, with nothing
        # published: such a body must not be kept (newsroom.api.representations).
        self.lasting = not any(expiries.values())

    @staticmethod
    def _page_links(text):
        for match in _A_TAG.finditer(text or ""):
            attrs = extract_attrs(match.group(1))
            if attrs.get("linktype") == "page":
                yield attrs

    def clean(self, source):
        """Rich text source with links to hidden pages reduced to a bare ``<a>``."""

        def replace(match):
            attrs = extract_attrs(match.group(1))
            if attrs.get("linktype") == "page" and attrs.get("id") not in self.visible_ids:
                return "<a>"
            return match.group(0)

        return _A_TAG.sub(replace, source or "")

    def clean_raw(self, data):
        """The same for every string in a StreamField's raw JSON."""
        if isinstance(data, str):
            return self.clean(data) if 'linktype="page"' in data else data
        if isinstance(data, list):
            return [self.clean_raw(item) for item in data]
        if isinstance(data, dict):
            return {key: self.clean_raw(value) for key, value in data.items()}
        return data


def rich_text_html(source, links):
    return sanitise(expand_db_html(links.clean(source)))


def image_json(image):
    renditions = image.get_renditions(*RENDITIONS)
    return {
        "id": image.pk,
        "title": image.title,
        "description": image.description,
        "width": image.width,
        "height": image.height,
        "renditions": [
            {
                "spec": spec,
                "url": absolute(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
            for spec, rendition in renditions.items()
        ],
    }


def block_json(block, value):
    """One block's value as plain JSON: images with their renditions, rich text as HTML."""
    if isinstance(block, blocks.StreamBlock):
        return [
            {
                "type": child.block_type,
                "id": child.id,
                "value": block_json(child.block, child.value),
            }
            for child in value
        ]
    if isinstance(block, blocks.ListBlock):
        return [block_json(block.child_block, item) for item in value]
    if isinstance(block, TypedTableBlock):
        return {
            "caption": value.caption,
            "columns": [{"type": c["block"].name, "heading": c["heading"]} for c in value.columns],
            "rows": [[block_json(cell.block, cell.value) for cell in row] for row in value.rows],
        }
    if isinstance(block, blocks.StructBlock):
        return {
            name: block_json(child, value.get(name)) for name, child in block.child_blocks.items()
        }
    if isinstance(block, ImageChooserBlock):
        return image_json(value) if value else None
    if isinstance(block, blocks.RichTextBlock):
        return sanitise(expand_db_html(value.source)) if value else ""
    if isinstance(block, EmbedBlock):
        return {"url": value.url} if value else None
    representation = block.get_api_representation(value)
    return str(representation) if isinstance(representation, Decimal) else representation


def _block_html(child):
    if child.block_type == "embed":
        # Third-party players are not passed on: a link to the media instead.
        embed, caption = child.value.get("embed"), child.value.get("caption")
        if not embed:
            return ""
        return format_html(
            '<figure><a href="{}">{}</a>{}</figure>',
            embed.url,
            embed.url,
            format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        )
    return child.render()


def body(page, links):
    """(blocks as JSON, sanitised HTML) of the page's body, in the page's language."""
    stream_block = page.body.stream_block
    value = stream_block.to_python(links.clean_raw(page.body.get_prep_value()))
    with translation.override(page.locale.language_code):
        html = sanitise("".join(_block_html(child) for child in value))
        data = block_json(stream_block, value)
    return data, html
