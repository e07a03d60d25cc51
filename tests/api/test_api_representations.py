"""Items and details are kept ready-written under the content version
(newsroom.api.representations): built once, shared, and never older than what readers see."""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtail.rich_text import RichText

from newsroom.content.models import Topic
from tests.factories import EventPageFactory, StatementPageFactory, publish, translate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_stored_responses(api_settings):
    """Every request builds its response (newsroom.api.responses would answer the same URL
    from a stored copy), so what is kept below the responses is what is tested."""
    api_settings.NEWSROOM_API_CACHE_SECONDS = 0


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(context), response


def soon(seconds):
    return timezone.now() + datetime.timedelta(seconds=seconds)


def wait_until(moment):
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.05)


def test_a_list_builds_its_items_once_and_they_are_the_same_as_built(api, newsroom):
    url = "/api/v1/pages?limit=100"
    built, first = queries(api.client, url)
    kept, second = queries(api.client, url)
    # The content version (with when it moved) and the ids of the page: no item is built again.
    assert kept == 2 < built
    assert second.content == first.content
    # The details read them too: a detail shows the item's fields unchanged.
    statement = newsroom["statement_ar"]
    item = next(i for i in first.json()["results"] if i["id"] == statement.pk)
    detail = api.json(f"/api/v1/pages/{statement.pk}")
    assert {name: detail[name] for name in item} == item


def test_every_change_readers_see_reaches_kept_items_and_details(api, newsroom):
    statement = newsroom["statement_ar"]
    detail_url, list_url = f"/api/v1/pages/{statement.pk}", "/api/v1/pages?locale=ar"
    assert api.json(detail_url)["topics"][0]["name"] == "الاحتجاز"
    api.json(list_url)

    topic = Topic.objects.get(slug="detention", locale=statement.locale)
    topic.name = "الاعتقال التعسفي"
    topic.save()
    assert api.json(detail_url)["topics"][0]["name"] == "الاعتقال التعسفي"
    listed = next(i for i in api.json(list_url)["results"] if i["id"] == statement.pk)
    assert listed["topics"][0]["name"] == "الاعتقال التعسفي"

    image = newsroom["statement_en"].specific.listing_image
    image.title = "Circles, retitled"
    image.save()
    assert api.json(detail_url)["image"]["title"] == "Circles, retitled"

    # The PDF's collection made private: the API stops revealing the file at once.
    assert api.json(detail_url)["document"]["title"] == "Full text"
    collection = Collection.get_first_root_node().add_child(name="Confidential")
    document = statement.specific.full_document
    document.collection = collection
    document.save()
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="x"
    )
    assert api.json(detail_url)["document"] is None

    statement.specific.unpublish()
    api.json(detail_url, status=404)
    assert statement.pk not in [i["id"] for i in api.json(list_url)["results"]]


def test_kept_items_and_details_expire_with_their_pages(api, tree):
    """Expiry changes what readers see with nothing published: a kept representation lives
    no longer than its page and its translations."""
    english = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    arabic = translate(english, tree.ar, title="بيان ينتهي")
    moment = soon(2)
    Page.objects.filter(pk=english.pk).update(expire_at=moment)  # as the editor's setting
    arabic_url, english_url = f"/api/v1/pages/{arabic.pk}", f"/api/v1/pages/{english.pk}"

    assert [t["id"] for t in api.json(arabic_url)["translations"]] == [english.pk]
    listed = api.json("/api/v1/pages?locale=ar")["results"]
    assert [t["id"] for t in listed[0]["translations"]] == [english.pk]
    api.json(english_url)

    wait_until(moment)
    assert api.json(arabic_url)["translations"] == []
    assert api.json("/api/v1/pages?locale=ar")["results"][0]["translations"] == []
    api.json(english_url, status=404)


def test_details_that_change_with_the_time_are_built_every_time(api, tree):
    event = publish(
        EventPageFactory(
            parent=tree.events_en,
            locale=tree.en,
            start=timezone.now() - datetime.timedelta(hours=1),
            end=soon(2),
        )
    )
    assert api.json(f"/api/v1/pages/{event.pk}")["event"]["upcoming"] is True
    wait_until(event.end)
    assert api.json(f"/api/v1/pages/{event.pk}")["event"]["upcoming"] is False

    # A body linking to a page that will expire loses the link when it does.
    expiring = publish(StatementPageFactory(parent=tree.statements_en, locale=tree.en))
    moment = soon(2)
    Page.objects.filter(pk=expiring.pk).update(expire_at=moment)
    linking = publish(
        StatementPageFactory(
            parent=tree.statements_en,
            locale=tree.en,
            body=[
                (
                    "paragraph",
                    RichText(f'<p>See <a linktype="page" id="{expiring.pk}">this</a>.</p>'),
                )
            ],
        )
    )
    assert expiring.url in api.json(f"/api/v1/pages/{linking.pk}")["body_html"]
    wait_until(moment)
    html = api.json(f"/api/v1/pages/{linking.pk}")["body_html"]
    assert expiring.url not in html and ">this</a>" in html
