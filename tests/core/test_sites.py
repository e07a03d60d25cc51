"""The site a reader's request is for comes from the fragment cache (no query per request)
and follows every change to the sites at once."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from wagtail.views import serve

from newsroom.core.sites import SiteMiddleware

pytestmark = pytest.mark.django_db


def site_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries if "wagtailcore_site" in query["sql"]]


@pytest.mark.parametrize("url", ["/en/search/?q={}", "/ar/?page={}", "/en/statements/?p={}"])
def test_a_readers_page_looks_the_site_up_once_then_reads_it_from_the_cache(client, tree, url):
    assert site_queries(client, url.format(1))
    assert not site_queries(client, url.format(2))  # another address: not the micro-cache


def site_for(host):
    """The site Wagtail finds for a page request to ``host``."""
    request = RequestFactory().get("/en/", HTTP_HOST=host)
    SiteMiddleware(lambda request: HttpResponse()).process_view(request, serve, (), {})
    return Site.find_for_request(request)


def test_a_changed_site_is_seen_by_the_next_request(tree):
    assert site_for("news.example").hostname == "localhost"  # the default answers

    Site.objects.create(hostname="news.example", port=80, root_page=tree.statements_en)
    site = site_for("news.example")
    assert site.hostname == "news.example" and site.root_page_id == tree.statements_en.pk

    site.root_page = tree.news_en
    site.save()
    assert site_for("news.example").root_page_id == tree.news_en.pk

    site.delete()
    assert site_for("news.example").hostname == "localhost"
