"""Rendering one feed (``FeedInfo`` and its items) as RSS 2.0 and Atom 1.0 (feedgen) and as
JSON Feed 1.1."""

import json
from dataclasses import dataclass
from datetime import datetime

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from newsroom.core.identifiers import stable_uuid

from .catalogue import LINK_TYPES, FeedKey

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass
class FeedInfo:
    key: FeedKey
    title: str
    description: str
    html_url: str
    brand: str
    updated: datetime
    items: list  # [loading.Item]
    hub: str = ""

    @property
    def id(self):
        return f"urn:uuid:{stable_uuid('feed', self.key)}"


class NewsroomExtension(BaseExtension):
    """What feedgen leaves out of RSS: xml:lang on the channel and the WebSub hub link."""

    def __init__(self):
        self.language = ""
        self.hub = ""

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.language:
            channel.set(XML_LANG, self.language)
        if self.hub:
            etree.SubElement(channel, f"{{{ATOM_NS}}}link", href=self.hub, rel="hub")
        return rss_feed


class NewsroomEntryExtension(BaseEntryExtension):
    """Atom entry links with their attributes (feedgen 1.0 writes only ``href``, which would
    turn the enclosure into a second "alternate" link)."""

    def __init__(self):
        self.links = []

    def extend_atom(self, entry):
        # feedgen names Atom elements without a namespace (the root's default one applies).
        for link in entry.findall("link"):
            entry.remove(link)
        for attributes in self.links:
            etree.SubElement(entry, "link", **attributes)
        return entry


def feed_links(feed, fmt):
    # feedgen's RSS <link> is the last link given: the HTML page comes last.
    links = [{"href": feed.key.url(fmt), "rel": "self", "type": LINK_TYPES[fmt]}]
    if feed.hub:
        links.append({"href": feed.hub, "rel": "hub"})
    links.append(
        {
            "href": feed.html_url,
            "rel": "alternate",
            "type": "text/html",
            "hreflang": feed.key.language,
        }
    )
    return links


def feed_generator(feed):
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.register_extension("newsroom", NewsroomExtension, NewsroomEntryExtension)
    generator.newsroom.language = feed.key.language
    generator.newsroom.hub = feed.hub
    generator.id(feed.id)
    generator.title(feed.title)
    generator.subtitle(feed.description)
    generator.language(feed.key.language)
    generator.author({"name": feed.brand, "uri": feed.html_url})
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
    generator.generator("Newsroom")
    generator.ttl(60)
    for item in feed.items:
        add_entry(generator, item)
    return generator


def add_entry(generator, item):
    entry = generator.add_entry(order="append")
    entry.id(item.guid)
    entry.title(item.title)
    entry.link(href=item.url, rel="alternate")
    entry.newsroom.links = [
        {"href": item.url, "rel": "alternate", "type": "text/html", "hreflang": item.language}
    ]
    entry.summary(item.summary or item.title)
    entry.content(item.content_html or item.summary or item.title, type="html")
    entry.published(item.published)
    entry.updated(item.updated)
    for name, uri in item.authors:
        entry.author({"name": name, **({"uri": uri} if uri else {})})
    entry.dc.dc_creator([name for name, _uri in item.authors])
    for slug, name in item.categories:
        entry.category(term=slug, label=name)
    if item.enclosure:
        url, length, mime = item.enclosure
        entry.enclosure(url, str(length), mime)
        entry.newsroom.links.append(
            {"href": url, "rel": "enclosure", "type": mime, "length": str(length)}
        )


def render_xml(feed):
    """RSS and Atom from one generator (the items are added once)."""
    generator = feed_generator(feed)
    generator.link(feed_links(feed, "rss"), replace=True)
    rss = generator.rss_str(pretty=True)
    generator.link(feed_links(feed, "atom"), replace=True)
    return rss, generator.atom_str(pretty=True)


def render_json(feed):
    data = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.html_url,
        "feed_url": feed.key.url("json"),
        "description": feed.description,
        "language": feed.key.language,
        "authors": [{"name": feed.brand, "url": feed.html_url}],
    }
    if feed.hub:
        data["hubs"] = [{"type": "WebSub", "url": feed.hub}]
    data["items"] = [json_item(item) for item in feed.items]
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def json_item(item):
    data = {
        "id": item.guid,
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "content_html": item.content_html,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "authors": [{"name": name, **({"url": uri} if uri else {})} for name, uri in item.authors],
        "language": item.language,
    }
    if item.categories:
        data["tags"] = [name for _slug, name in item.categories]
    if item.enclosure:
        url, length, mime = item.enclosure
        data["attachments"] = [{"url": url, "mime_type": mime, "size_in_bytes": length}]
    return data
