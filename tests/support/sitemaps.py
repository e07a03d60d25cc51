"""Reading the sitemaps as a crawler does: the index, then every sitemap it lists; or
/sitemap.xml, every page in one document."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def get_xml(client, url):
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ET.fromstring(response.content)


def sitemap_index(client):
    """[(sitemap address, lastmod or None)] of the index, /sitemaps/index.xml."""
    root = get_xml(client, "/sitemaps/index.xml")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [
        (sitemap.findtext("s:loc", namespaces=NS), sitemap.findtext("s:lastmod", namespaces=NS))
        for sitemap in root.findall("s:sitemap", NS)
    ]


def sitemap_urls(client):
    """{page address: its <url> element} over every sitemap of the index; each page once."""
    urls = {}
    for location, _lastmod in sitemap_index(client):
        root = get_xml(client, location)
        assert root.tag == f"{{{NS['s']}}}urlset"
        for url in root.findall("s:url", NS):
            loc = url.findtext("s:loc", namespaces=NS)
            assert loc not in urls, f"{loc} is in two sitemaps"
            urls[loc] = url
    return urls


def whole_sitemap_urls(client):
    """{page address: its <url> element} of /sitemap.xml as one document; each page once."""
    root = get_xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}urlset"
    urls = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in urls, f"{loc} is in /sitemap.xml twice"
        urls[loc] = url
    return urls
